package io.lossforge.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.orchestrator.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Design §6 test 2: a real (DJL) trainer gets SIGTERM, as Kubernetes sends it, while it trains. It stops
 * taking trials, cancels the running one, delivers its CANCELLED(shutdown) report, deregisters and exits
 * within the grace period; the orchestrator re-queues the attempt without using its failure budget. A
 * fresh trainer process on the same URL (a new instance id) finishes the search.
 */
@Tag("fault")
class TrainerSigtermFaultIT {

    /** Real training: the small CNN on 3 epochs of 8,000 images takes seconds, long enough to interrupt. */
    private static final String SEARCH = """
            {"name": "sigterm", "task": {"dataset": "fashion-mnist", "model": "cnn-small", "trainSamples": 8000,
             "validationSamples": 500, "epochs": 3, "seed": 21},
             "search": {"populationSize": 4, "generations": 1, "seedLosses": ["ce"], "baselines": ["ce"], "seed": 5}}""";

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("sigterm");

    private ServiceProcess realTrainer(ServiceProcess orchestrator, int port) throws Exception {
        Path dataRoot =
                Path.of(System.getProperty("lossforge.data", System.getProperty("user.home") + "/.lossforge/data"));
        ServiceProcess trainer = cluster.track(ServiceProcess.trainer(
                "sigterm-trainer",
                Path.of(System.getProperty("lossforge.trainer.jar")),
                port,
                List.of("-Xmx768m"),
                List.of(
                        "--lossforge.trainer.data-root=" + dataRoot,
                        "--lossforge.trainer.orchestrator-url=" + orchestrator.internalUrl(),
                        "--lossforge.trainer.heartbeat=" + FaultCluster.HEARTBEAT.toMillis() + "ms",
                        "--lossforge.trainer.callback.max-backoff=2s")));
        trainer.awaitHealthy(Duration.ofSeconds(90));
        cluster.await(
                "the trainer registered",
                () -> cluster.trainerView(orchestrator, trainer),
                o -> o.isPresent(),
                Duration.ofSeconds(30));
        return trainer;
    }

    @Test
    @Timeout(240)
    void aTerminatedTrainerReportsItsCancelledTrialWhichIsRequeuedWithoutPenalty() throws Exception {
        cluster.startDatabase();
        // DJL's first batch comes only after the engine and the dataset are loaded: no 3 s stall timeout here.
        ServiceProcess orchestrator =
                cluster.orchestrator("orch", "--lossforge.orchestrator.liveness.stall-timeout=60s");
        int port = ServiceProcess.freePort();
        ServiceProcess trainer = realTrainer(orchestrator, port);
        UUID firstInstance = UUID.fromString(cluster.trainerView(orchestrator, trainer)
                .orElseThrow()
                .path("instanceId")
                .asString());

        String search = FaultCluster.JSON
                .readTree(FaultCluster.post(orchestrator.url() + "/api/v1/searches", SEARCH)
                        .body())
                .path("id")
                .asString();
        Map<String, Object> running = cluster.await(
                        "an attempt training on the trainer (batches done)",
                        () -> cluster.rows(
                                // early in its first epoch, so that it cannot finish during the drain
                                "select id, evaluation_id from attempt where state = 'RUNNING' and batches_done > 0"
                                        + " and batches_done * 4 < batches_total"),
                        rows -> !rows.isEmpty(),
                        Duration.ofSeconds(120))
                .getFirst();
        UUID attempt = (UUID) running.get("id");

        long term = System.nanoTime();
        java.time.Instant termAt = java.time.Instant.now();
        trainer.signal("TERM");
        int exit = trainer.awaitExit(Duration.ofSeconds(30));
        double exited = FaultCluster.secondsSince(term);
        FaultCluster.recovery("trainer-sigterm.exited", exited);
        assertThat(exited).as("exit within the grace period").isLessThan(20);
        assertThat(exit).as("a graceful exit").isIn(0, 143);

        Map<String, Object> ended = cluster.rows(
                        "select a.state, a.outcome, e.failures, e.status from attempt a join evaluation e"
                                + " on e.id = a.evaluation_id where a.id = ?",
                        attempt)
                .getFirst();
        assertThat(ended.get("outcome")).as("the report said: shut down").isEqualTo("SHUTDOWN");
        assertThat(ended.get("state")).isIn("FAILED", "EXPIRED");
        assertThat(((Number) ended.get("failures")).intValue())
                .as("no budget used")
                .isZero();
        assertThat(ended.get("status")).as("re-queued").isEqualTo("OPEN");
        JsonNode view = cluster.trainers(orchestrator).get(0);
        assertThat(view.path("state").asString()).isEqualTo("LOST");
        assertThat(view.path("stateReason").asString()).isIn("shut down", "shutting down");
        // LOST comes from the deregistration, sent before the process exits.
        FaultCluster.recovery(
                "trainer-sigterm.lost",
                FaultInvariants.secondsBetween(
                        termAt,
                        FaultInvariants.instant(cluster.rows("select state_since from trainer")
                                .getFirst()
                                .get("state_since"))));

        long restart = System.nanoTime();
        ServiceProcess again = realTrainer(orchestrator, port);
        // The same URL, so the same trainer row: back to ACTIVE by the new process's registration.
        JsonNode back = cluster.await(
                        "the new trainer process registered on the same URL",
                        () -> cluster.trainerView(orchestrator, again),
                        found -> found.isPresent()
                                && !found.get().path("instanceId").asString().equals(firstInstance.toString()),
                        Duration.ofSeconds(30))
                .orElseThrow();
        assertThat(back.path("state").asString()).isEqualTo("ACTIVE");
        cluster.await(
                "the interrupted evaluation trained again",
                () -> cluster.count(
                        "select count(*) from attempt where evaluation_id = ? and state = 'FINISHED'",
                        running.get("evaluation_id")),
                n -> n == 1,
                Duration.ofSeconds(120));
        FaultCluster.recovery("trainer-sigterm.requeued-and-finished", FaultCluster.secondsSince(restart));

        JsonNode done = cluster.awaitEnded(orchestrator, search, Duration.ofSeconds(180));
        FaultInvariants.succeeded(done);
        FaultInvariants.nothingUnevaluated(cluster, FaultCluster.DATABASE, search, done);
        FaultInvariants.oneFinishedAttemptPerEvaluatedCandidate(cluster, FaultCluster.DATABASE, search);
        assertThat(cluster.count("select count(*) from evaluation where failures > 0"))
                .isZero();
    }
}
