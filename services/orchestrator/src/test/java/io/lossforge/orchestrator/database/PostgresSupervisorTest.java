package io.lossforge.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded PostgreSQL killed with SIGKILL (as the OOM killer would) comes back by itself on the same
 * port, with the committed data, and a pool made before the kill works again: the orchestrator's database
 * actions only wait ({@link DatabaseRetry#forever}), nothing fails.
 */
class PostgresSupervisorTest {

    @Test
    void aKilledPostmasterIsRestartedOnTheSameDirectoryAndPort(@TempDir Path data) throws Exception {
        DatabaseAvailability availability = new DatabaseAvailability(Clock.systemUTC());
        DatabaseRetry retry = new DatabaseRetry(availability);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
                HikariDataSource pool = pool(server)) {
            PostgresSupervisor supervisor = new PostgresSupervisor(server, Duration.ofMillis(200));
            supervisor.start();
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("create table item (id int primary key)");
            jdbc.update("insert into item values (1)");
            long killed = server.postmasterPid().orElseThrow();
            int port = server.port();

            assertThat(ProcessHandle.of(killed).orElseThrow().destroyForcibly()).isTrue(); // SIGKILL

            // A safety bound, not a speed assertion: the restart normally takes 1-3 s.
            Integer items = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> retry.forever(
                            "count items", () -> jdbc.queryForObject("select count(*) from item", Integer.class)));

            assertThat(items).isEqualTo(1);
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.postmasterPid().orElseThrow()).isNotEqualTo(killed);
            assertThat(server.isRunning()).isTrue();
            assertThat(availability.isDown()).isFalse();

            supervisor.stop();
            assertThat(supervisor.isRunning()).isFalse();
        }
    }

    @Test
    void aClosedServerIsNotRestarted(@TempDir Path data) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
        PostgresSupervisor supervisor = new PostgresSupervisor(server, Duration.ofMinutes(1));
        assertThat(server.isRunning()).isTrue();

        server.close(); // the orchestrator shutting down: pg_ctl stop removes postmaster.pid
        supervisor.check();

        assertThat(server.isRunning()).isFalse();
        assertThat(server.postmasterPid()).isEmpty();
    }

    private static HikariDataSource pool(EmbeddedPostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl("postgres"));
        config.setConnectionTimeout(1000);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
