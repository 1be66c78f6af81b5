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
 * Design §6 test 3: a trainer freezes mid-trial ({@code SIGSTOP}: a hung host, a long GC pause, a network
 * partition) and later comes back ({@code SIGCONT}) still holding the trial. The orchestrator must give
 * up the attempt within {@code lost-after} and run it on the other trainer, take the frozen trainer back when it
 * beats again, store the result it then reports as late (never applied), and cancel its stale trial.
 *
 * <p>Depends on the new core throughout (attempt rows, {@code late_report}, {@code cancel_sent_at}, the
 * heartbeat's cancel list, trainer state LOST → ACTIVE). The cancel shows in A's own late report
 * (CANCELLED, REQUESTED).
 */
@Tag("fault") // minutes of real processes: -DexcludedGroups=fault leaves them out
class TrainerPauseFaultIT {

    /**
     * SIGSTOP → A's attempt given up: lost-after (3 s, or the 3 s stall timeout) plus a beat and slack, the
     * design §6 bound ("moved ≤ 4 s"). When B then runs it depends on B's free slots and the queue ahead.
     */
    private static final Duration MOVE_BOUND = Duration.ofSeconds(4);

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("pause");

    @Test
    @Timeout(180)
    void aFrozenTrainersAttemptMovesAndItsLateResultIsStoredNotApplied() throws Exception {
        cluster.startDatabase();
        ServiceProcess orchestrator = cluster.orchestrator("orch");
        // A has one slot, so exactly one attempt is frozen with it; 4 s trials in 40 steps of 0.1 s.
        List<ServiceProcess> trainers = cluster.stubTrainers(
                orchestrator,
                FaultCluster.Stub.named("A").slots(1).trials(Duration.ofSeconds(4), 40),
                // B has spare slots, so that the moved attempt need not wait long for one.
                FaultCluster.Stub.named("B").slots(4).trials(Duration.ofSeconds(4), 40));
        ServiceProcess a = trainers.get(0);
        ServiceProcess b = trainers.get(1);
        UUID idA = UUID.fromString(cluster.trainerId(orchestrator, a));
        UUID idB = UUID.fromString(cluster.trainerId(orchestrator, b));

        String search = cluster.createSearch(orchestrator, 8, 2, 12);
        // Mid-trial: progress reported, at least half of the trial still to go after SIGCONT.
        Map<String, Object> frozen = cluster.await(
                        "an attempt on A with 4..20 of 40 batches done",
                        () -> cluster.rows(
                                "select id, evaluation_id, batches_done from attempt where trainer_id = ?"
                                        + " and state = 'RUNNING' and batches_done between 4 and 20",
                                idA),
                        rows -> !rows.isEmpty(),
                        Duration.ofSeconds(30))
                .getFirst();
        a.signal("STOP");
        Instant stoppedAt = Instant.now();
        UUID attemptA = (UUID) frozen.get("id");
        Object evaluation = frozen.get("evaluation_id");

        // Given up on A (back in the queue) within the bound; when B runs it depends on B's free slots.
        Map<String, Object> released = cluster.await(
                "A's frozen attempt given up",
                () -> cluster.rows("select state, outcome, ended_at from attempt where id = ?", attemptA)
                        .getFirst(),
                row -> row.get("ended_at") != null,
                Duration.ofSeconds(20));
        double releaseSeconds = secondsBetween(stoppedAt, instant(released.get("ended_at")));
        assertThat(released.get("state")).as("A's frozen attempt %s", released).isEqualTo("EXPIRED");
        Map<String, Object> moved = cluster.await(
                        "evaluation " + evaluation + " RUNNING on B",
                        () -> cluster.rows(
                                "select id, accepted_at from attempt where evaluation_id = ? and trainer_id = ?"
                                        + " and state in ('RUNNING', 'FINISHED') and accepted_at is not null",
                                evaluation,
                                idB),
                        rows -> !rows.isEmpty(),
                        Duration.ofSeconds(30))
                .getFirst();
        System.out.printf(
                "recovery: frozen attempt given up (%s) %.1f s after SIGSTOP of A, running on trainer B after %.1f s%n",
                released.get("outcome"), releaseSeconds, secondsBetween(stoppedAt, instant(moved.get("accepted_at"))));
        FaultCluster.recovery("trainer-pause.given-up", releaseSeconds);
        FaultCluster.recovery(
                "trainer-pause.running-elsewhere", secondsBetween(stoppedAt, instant(moved.get("accepted_at"))));
        assertThat(releaseSeconds)
                .as("seconds from SIGSTOP until A's attempt was given up")
                .isLessThanOrEqualTo(MOVE_BOUND.toMillis() / 1000.0);

        a.signal("CONT");
        Instant continuedAt = Instant.now();
        long continued = System.nanoTime();
        cluster.await(
                "A ACTIVE again after SIGCONT",
                () -> cluster.trainerView(orchestrator, a).orElseThrow(),
                view -> "ACTIVE".equals(view.path("state").asString())
                        && !instant(view.path("lastSeen")).isBefore(continuedAt),
                Duration.ofSeconds(10));
        System.out.printf("recovery: A ACTIVE again %.1f s after SIGCONT%n", FaultCluster.secondsSince(continued));
        FaultCluster.recovery("trainer-pause.active-again", FaultCluster.secondsSince(continued));

        // The trainer may forget the trial once the orchestrator acknowledged its (late) result: 404 then.
        String trialState = cluster.await(
                "A's stale trial ended",
                () -> {
                    var response = FaultCluster.get(a.url() + "/api/v1/trials/" + attemptA);
                    return response.statusCode() == 404
                            ? "FORGOTTEN"
                            : FaultCluster.JSON
                                    .readTree(response.body())
                                    .path("state")
                                    .asString();
                },
                state -> !"RUNNING".equals(state),
                Duration.ofSeconds(15));
        assertThat(trialState).as("A's trial after the heartbeat's cancel").isIn("CANCELLED", "FORGOTTEN");
        Map<String, Object> stale = cluster.await(
                "A's late report stored",
                () -> cluster.rows(
                                "select state, late_report::text as late_report, late_at from attempt"
                                        + " where id = ?",
                                attemptA)
                        .getFirst(),
                row -> row.get("late_report") != null,
                Duration.ofSeconds(15));
        System.out.printf(
                "A's stale trial: %s; late report at %s: %s%n",
                trialState, stale.get("late_at"), stale.get("late_report"));
        assertThat(stale.get("state")).isEqualTo("EXPIRED");
        // A's own final word on the trial: cancelled because the orchestrator asked (the heartbeat's cancel
        // list or a DELETE), not trained to the end, and kept as late, not applied.
        assertThat((String) stale.get("late_report")).contains("CANCELLED").contains("REQUESTED");

        JsonNode done = cluster.awaitEnded(orchestrator, search, Duration.ofSeconds(90));
        FaultInvariants.succeeded(done);
        assertThat(cluster.rows(
                        "select trainer_id, state from attempt where evaluation_id = ? order by number", evaluation))
                .as("the frozen evaluation's attempts: A's expired one, B's finished one")
                .containsExactly(
                        Map.of("trainer_id", idA, "state", "EXPIRED"), Map.of("trainer_id", idB, "state", "FINISHED"));
        FaultInvariants.noEvaluationFinishedTwice(cluster, FaultCluster.DATABASE);
        FaultInvariants.oneFinishedAttemptPerEvaluatedCandidate(cluster, FaultCluster.DATABASE, search);
        FaultInvariants.nothingUnevaluated(cluster, FaultCluster.DATABASE, search, done);
    }
}
