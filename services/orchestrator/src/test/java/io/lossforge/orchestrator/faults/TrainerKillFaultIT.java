package io.lossforge.orchestrator.faults;

import static io.lossforge.orchestrator.faults.FaultInvariants.instant;
import static io.lossforge.orchestrator.faults.FaultInvariants.secondsBetween;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.orchestrator.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Design §6 test 1: a trainer process dies ({@code kill -9}) while it trains. Its heartbeats stop, so the
 * orchestrator marks it LOST within {@code lost-after} (3 s here) and moves its attempts to the other
 * trainer; the search ends as if nothing happened.
 *
 * <p>Depends on the new core throughout (trainer state LOST, the {@code attempt} table and its outcomes).
 */
@Tag("fault") // minutes of real processes: -DexcludedGroups=fault leaves them out
class TrainerKillFaultIT {

    /** lost-after (3 s) plus one sweep beat and scheduling slack: the design §6 bound. */
    private static final Duration DETECTION_BOUND = Duration.ofSeconds(4);

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("kill");

    @Test
    @Timeout(150)
    void aKilledTrainersAttemptsMoveToTheOtherTrainerAndTheSearchSucceeds() throws Exception {
        cluster.startDatabase();
        ServiceProcess orchestrator = cluster.orchestrator("orch");
        List<ServiceProcess> trainers =
                cluster.stubTrainers(orchestrator, FaultCluster.Stub.named("A"), FaultCluster.Stub.named("B"));
        ServiceProcess a = trainers.get(0);
        ServiceProcess b = trainers.get(1);
        UUID idA = UUID.fromString(cluster.trainerId(orchestrator, a));
        UUID idB = UUID.fromString(cluster.trainerId(orchestrator, b));

        String search = cluster.createSearch(orchestrator, 8, 2, 11);
        cluster.await(
                "an attempt RUNNING on A",
                () -> cluster.count("select count(*) from attempt where trainer_id = ? and state = 'RUNNING'", idA),
                n -> n > 0,
                Duration.ofSeconds(30));

        a.kill();
        Instant killedAt = Instant.now();
        long killed = System.nanoTime();
        // Nothing of A's can end after the kill, so what is live now is what A had in hand.
        List<Map<String, Object>> orphaned = cluster.rows(
                "select id, evaluation_id from attempt where trainer_id = ? and state in ('LEASED', 'RUNNING')", idA);
        assertThat(orphaned).as("attempts live on A when it was killed").isNotEmpty();

        JsonNode lost = cluster.await(
                        "A LOST",
                        () -> cluster.trainerView(orchestrator, a),
                        view -> view.isPresent()
                                && "LOST".equals(view.get().path("state").asString()),
                        Duration.ofSeconds(20))
                .orElseThrow();
        double detection = secondsBetween(killedAt, instant(lost.path("stateSince")));
        System.out.printf(
                "recovery: trainer A LOST %.1f s after kill -9 (reason: %s)%n",
                detection, lost.path("stateReason").asString());
        FaultCluster.recovery("trainer-kill.lost", detection);
        assertThat(detection)
                .as("seconds from kill -9 to LOST (stateSince)")
                .isLessThanOrEqualTo(DETECTION_BOUND.toMillis() / 1000.0);

        for (Map<String, Object> attempt : orphaned) {
            Object evaluation = attempt.get("evaluation_id");
            cluster.await(
                    "evaluation " + evaluation + " RUNNING (or done) on B",
                    () -> cluster.count(
                            "select count(*) from attempt where evaluation_id = ? and trainer_id = ?"
                                    + " and state in ('RUNNING', 'FINISHED')",
                            evaluation,
                            idB),
                    n -> n > 0,
                    Duration.ofSeconds(20));
        }
        Instant firstMoved = instant(cluster.rows(
                        "select min(coalesce(accepted_at, claimed_at)) as moved from attempt where trainer_id = ?"
                                + " and evaluation_id in (select evaluation_id from attempt where trainer_id = ?"
                                + " and state = 'EXPIRED')",
                        idB,
                        idA)
                .getFirst()
                .get("moved"));
        System.out.printf(
                "recovery: A's %d attempt(s) running on trainer B %.1f s after kill -9 (first at %.1f s)%n",
                orphaned.size(), FaultCluster.secondsSince(killed), secondsBetween(killedAt, firstMoved));
        FaultCluster.recovery("trainer-kill.running-elsewhere", secondsBetween(killedAt, firstMoved));

        JsonNode done = cluster.awaitEnded(orchestrator, search, Duration.ofSeconds(60));
        FaultInvariants.succeeded(done);

        for (Map<String, Object> attempt : orphaned) {
            assertThat(cluster.rows("select state, outcome from attempt where id = ?", attempt.get("id")))
                    .as("A's attempt %s", attempt)
                    .containsExactly(Map.of("state", "EXPIRED", "outcome", "TRAINER_LOST"));
            assertThat(cluster.count(
                            "select count(*) from attempt where evaluation_id = ? and trainer_id = ?"
                                    + " and state = 'FINISHED'",
                            attempt.get("evaluation_id"),
                            idB))
                    .as("FINISHED attempts on B of evaluation %s", attempt.get("evaluation_id"))
                    .isEqualTo(1);
        }
        FaultInvariants.noEvaluationFinishedTwice(cluster, FaultCluster.DATABASE);
        FaultInvariants.oneFinishedAttemptPerEvaluatedCandidate(cluster, FaultCluster.DATABASE, search);
        FaultInvariants.nothingUnevaluated(cluster, FaultCluster.DATABASE, search, done);
    }
}
