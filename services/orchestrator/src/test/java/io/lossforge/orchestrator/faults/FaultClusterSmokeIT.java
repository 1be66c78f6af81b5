package io.lossforge.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.orchestrator.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The fault-test harness itself, without a fault: PostgreSQL in the test JVM, an orchestrator on it as
 * an external database, one stub trainer registering itself; a tiny search runs to the end. Works
 * against the round-1 orchestrator too (it uses only the round-1 API and the tables both schemas share),
 * so a failing fault test points at the orchestrator, not at the harness.
 */
class FaultClusterSmokeIT {

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("smoke");

    @Test
    @Timeout(120)
    void aTinySearchRunsToTheEndOnTheTestsOwnDatabase() throws Exception {
        cluster.startDatabase();
        ServiceProcess orchestrator = cluster.orchestrator("orch");
        ServiceProcess trainer =
                cluster.stubTrainer(orchestrator, FaultCluster.Stub.named("A").trials(Duration.ofMillis(300), 3));

        long started = System.nanoTime();
        String id = cluster.createSearch(orchestrator, 8, 2, 1);
        JsonNode done = cluster.awaitEnded(orchestrator, id, Duration.ofSeconds(90));
        System.out.printf(
                "smoke: search of 8 x 2 on one stub trainer ended in %.1f s%n", FaultCluster.secondsSince(started));

        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("counts").path("pending").asLong()).isZero();
        // The orchestrator wrote to the test's database (not to an embedded one of its own) ...
        assertThat(cluster.count("select count(*) from search where id = ?::uuid", id))
                .isEqualTo(1);
        assertThat(cluster.count("select count(*) from candidate where search_id = ?::uuid", id))
                .isGreaterThanOrEqualTo(16);
        assertThat(cluster.rows("select url from trainer"))
                .extracting(row -> row.get("url"))
                .containsExactly(trainer.url());
        // ... and the stub trainer trained for it.
        assertThat(FaultCluster.metric(trainer, "lossforge_trainer_trials_total"))
                .hasValueSatisfying(trials -> assertThat(trials).isPositive());
        // The probes the outage test reads are exposed.
        for (String probe : new String[] {"/actuator/health/readiness", "/actuator/health/liveness"}) {
            var health = FaultCluster.get(orchestrator.url() + probe);
            assertThat(health.statusCode()).as(probe + ": " + health.body()).isEqualTo(200);
        }

        // SIGSTOP freezes the trainer (it answers nothing), SIGCONT brings it back.
        trainer.signal("STOP");
        assertThatThrownBy(() -> FaultCluster.get(trainer.url() + "/actuator/health"))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        trainer.signal("CONT");
        trainer.awaitHealthy(Duration.ofSeconds(10));
    }

    @Test
    @Timeout(60)
    void theDatabaseRestartsOnTheSameDirectoryAndPortWithItsRows() throws Exception {
        cluster.startDatabase();
        cluster.rows("select 1"); // connects
        try (var connection =
                        java.sql.DriverManager.getConnection(cluster.jdbcUrl(FaultCluster.DATABASE), "postgres", "");
                var statement = connection.createStatement()) {
            statement.execute("create table kept (n int); insert into kept values (42)");
        }
        int port = cluster.databasePort();

        cluster.stopDatabase();
        assertThatThrownBy(() -> cluster.count("select count(*) from kept")).isInstanceOf(java.sql.SQLException.class);
        cluster.restartDatabase();

        assertThat(cluster.databasePort()).isEqualTo(port);
        assertThat(cluster.count("select n from kept")).isEqualTo(42);
        // Arrays bind as SQL arrays (the fault tests pass id lists this way).
        assertThat(cluster.count(
                        "select count(*) from kept where n::text = any(?)", (Object) new String[] {"41", "42"}))
                .isEqualTo(1);
    }
}
