package io.lossforge.orchestrator.faults;

import static io.lossforge.orchestrator.faults.FaultInvariants.instant;
import static io.lossforge.orchestrator.faults.FaultInvariants.secondsBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossforge.orchestrator.ServiceProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Design §6 test 6: a trainer that fails every trial (stub {@code failure=ENGINE_ERROR}, rate 1) next
 * to a healthy one. After 3 failures on distinct evaluations it is QUARANTINED for 5 s; then it gets one
 * probe, which fails too, so it is quarantined again for twice as long (design §4.4). Its victims are
 * retried on the healthy trainer: the search succeeds with nothing UNEVALUATED.
 *
 * <p>Depends on the new core throughout (trainer state QUARANTINED, quarantinedUntil, attempt outcomes).
 */
@Tag("fault") // minutes of real processes: -DexcludedGroups=fault leaves them out
class QuarantineFaultIT {

    /** until − since is computed by the orchestrator from one clock reading: only rounding is allowed. */
    private static final double SLACK_SECONDS = 0.1;

    @RegisterExtension
    final FaultCluster cluster = new FaultCluster("quarantine");

    /** One quarantine as the trainers view showed it. */
    private record Quarantine(Instant since, Instant until) {}

    @Test
    @Timeout(180)
    void aFailingTrainerIsQuarantinedAndAFailedProbeDoublesThePeriod() throws Exception {
        cluster.startDatabase();
        ServiceProcess orchestrator = cluster.orchestrator("orch");
        // BAD has one slot, so its attempts (and failures) come one at a time: exactly 3 before the quarantine.
        // GOOD has one slot too, and 5 generations (3 ended 0.2-1.5 s before the probe in two runs), so the
        // search lasts long enough for BAD's probe after 5 s.
        List<ServiceProcess> trainers = cluster.stubTrainers(
                orchestrator,
                FaultCluster.Stub.named("BAD")
                        .slots(1)
                        .with(
                                "--lossforge.trainer.stub.failure=ENGINE_ERROR",
                                "--lossforge.trainer.stub.failure-rate=1"),
                FaultCluster.Stub.named("GOOD").slots(1));
        ServiceProcess bad = trainers.get(0);
        UUID badId = UUID.fromString(cluster.trainerId(orchestrator, bad));

        long started = System.nanoTime();
        String search = cluster.createSearch(orchestrator, 8, 5, 13);
        List<Quarantine> quarantines = new ArrayList<>();
        List<Map<String, Object>> attemptsBeforeFirst = null;
        JsonNode done = null;
        while (FaultCluster.secondsSince(started) < 120) {
            JsonNode view = cluster.trainerView(orchestrator, bad).orElseThrow();
            if ("QUARANTINED".equals(view.path("state").asString())) {
                Quarantine q = new Quarantine(instant(view.path("stateSince")), instant(view.path("quarantinedUntil")));
                if (quarantines.isEmpty() || !quarantines.getLast().until().equals(q.until())) {
                    quarantines.add(q);
                    System.out.printf(
                            "BAD quarantined at %.1f s of the search: %s (failures %d)%n",
                            FaultCluster.secondsSince(started),
                            q,
                            view.path("failures").asInt());
                    if (attemptsBeforeFirst == null) {
                        attemptsBeforeFirst = cluster.rows(
                                // Ended ones: the breaker is updated just after an ending commits, so an
                                // attempt claimed in that moment may still be in flight (or end BUSY).
                                "select evaluation_id, state, outcome from attempt where trainer_id = ?"
                                        + " and state in ('FINISHED', 'FAILED', 'EXPIRED')"
                                        + " and outcome = 'TRAINER_ERROR' order by claimed_at",
                                badId);
                    }
                }
            }
            JsonNode state = cluster.search(orchestrator, search);
            if (FaultCluster.ended(state)) {
                done = state;
                break;
            }
            Thread.sleep(100);
        }
        assertThat(done).as("the search ended within 120 s").isNotNull();
        System.out.printf("search ended after %.1f s%n", FaultCluster.secondsSince(started));
        FaultInvariants.succeeded(done);

        assertThat(quarantines).as("BAD's quarantines").hasSizeGreaterThanOrEqualTo(2);
        // Failures count once per evaluation: a retry of the same evaluation on BAD would not count.
        assertThat(attemptsBeforeFirst)
                .as("BAD's attempts when first quarantined")
                .allSatisfy(row -> {
                    assertThat(row).containsEntry("outcome", "TRAINER_ERROR");
                    // FAILED: the trainer reported the failure itself (EXPIRED would be a given-up attempt).
                    assertThat(row.get("state")).isIn("FAILED", "EXPIRED");
                });
        assertThat(attemptsBeforeFirst.stream()
                        .map(row -> row.get("evaluation_id"))
                        .distinct())
                .as("distinct evaluations BAD failed before its quarantine")
                .hasSize(FaultCluster.QUARANTINE_FAILURES);

        Quarantine first = quarantines.get(0);
        Quarantine second = quarantines.get(1);
        List<Map<String, Object>> probes = cluster.rows(
                "select evaluation_id, state, outcome, claimed_at from attempt where trainer_id = ?"
                        + " and claimed_at >= ? and claimed_at < ? order by claimed_at",
                badId,
                java.sql.Timestamp.from(first.since()),
                java.sql.Timestamp.from(second.since()));
        assertThat(probes)
                .as("BAD's attempts between its two quarantines: one probe")
                .hasSize(1);
        Map<String, Object> probe = probes.getFirst();
        assertThat(instant(probe.get("claimed_at")))
                .as("the probe waited for the quarantine to end")
                .isAfterOrEqualTo(first.until());
        assertThat(probe).containsEntry("outcome", "TRAINER_ERROR");

        double firstPeriod = secondsBetween(first.since(), first.until());
        double secondPeriod = secondsBetween(second.since(), second.until());
        System.out.printf(
                "recovery: BAD quarantined for %.1f s after %d failures, then %.1f s after the failed probe;"
                        + " probe sent %.1f s after the first quarantine ended%n",
                firstPeriod,
                attemptsBeforeFirst.size(),
                secondPeriod,
                secondsBetween(first.until(), instant(probe.get("claimed_at"))));
        FaultCluster.recovery(
                "quarantine.probe-after-end", secondsBetween(first.until(), instant(probe.get("claimed_at"))));
        assertThat(firstPeriod).isCloseTo(FaultCluster.QUARANTINE.toSeconds(), within(SLACK_SECONDS));
        assertThat(secondPeriod)
                .as("a failed probe doubles the period")
                .isCloseTo(2 * firstPeriod, within(SLACK_SECONDS));

        FaultInvariants.nothingUnevaluated(cluster, FaultCluster.DATABASE, search, done);
        FaultInvariants.noEvaluationFinishedTwice(cluster, FaultCluster.DATABASE);
        FaultInvariants.oneFinishedAttemptPerEvaluatedCandidate(cluster, FaultCluster.DATABASE, search);
    }
}
