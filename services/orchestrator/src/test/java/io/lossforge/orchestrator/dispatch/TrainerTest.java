package io.lossforge.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trainer.TrainerState;
import io.lossforge.orchestrator.OrchestratorProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Liveness and the quarantine breaker of a trainer (db-backed, so replicas agree). */
class TrainerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final OrchestratorProperties.Quarantine POLICY =
            new OrchestratorProperties.Quarantine(3, Duration.ofSeconds(30), Duration.ofMinutes(10));

    private final UUID instance = UUID.randomUUID();
    private final Trainer trainer = new Trainer("http://t:1", 4, Trainer.REGISTERED, instance, T0);

    @Test
    void failuresOnDistinctEvaluationsQuarantineOneProbeThenBackOrTwiceAsLong() {
        assertThat(trainer.failed(1, "OOM", POLICY, T0)).isFalse();
        assertThat(trainer.failed(1, "OOM", POLICY, T0))
                .as("the same evaluation counts once")
                .isFalse();
        assertThat(trainer.failed(2, "OOM", POLICY, T0)).isFalse();
        assertThat(trainer.failed(3, "OOM", POLICY, T0)).isTrue();
        assertThat(trainer.state()).isEqualTo(TrainerState.QUARANTINED);
        assertThat(trainer.quarantinedUntil()).isEqualTo(T0.plusSeconds(30));
        assertThat(trainer.capacity(0, T0.plusSeconds(29)))
                .as("quarantined: nothing")
                .isZero();
        assertThat(trainer.capacity(0, T0.plusSeconds(30)))
                .as("over: one probe")
                .isOne();
        assertThat(trainer.capacity(1, T0.plusSeconds(30)))
                .as("only while nothing else runs there")
                .isZero();
        assertThat(trainer.failed(9, "OOM", POLICY, T0.plusSeconds(2)))
                .as("an attempt from before the quarantine failing late is not a failed probe")
                .isFalse();
        assertThat(trainer.quarantinedUntil()).isEqualTo(T0.plusSeconds(30));

        Instant probe = T0.plusSeconds(31);
        assertThat(trainer.failed(4, "OOM", POLICY, probe))
                .as("the probe failed")
                .isTrue();
        assertThat(trainer.quarantinedUntil()).isEqualTo(probe.plusSeconds(60));

        trainer.succeeded(probe.plusSeconds(61));
        assertThat(trainer.state()).isEqualTo(TrainerState.ACTIVE);
        assertThat(trainer.capacity(0, probe.plusSeconds(61))).isEqualTo(4);
        assertThat(trainer.consecutiveFailures()).isZero();
    }

    @Test
    void aPoisonLossRetriedAfterAnotherFailureStillCountsOnce() {
        // What QuarantineFaultIT saw: evaluation 1 failed, then 4, then 1's retry came back to this trainer.
        assertThat(trainer.failed(1, "x", POLICY, T0)).isFalse();
        assertThat(trainer.failed(4, "x", POLICY, T0)).isFalse();
        assertThat(trainer.failed(1, "x", POLICY, T0))
                .as("1 again: still two evaluations")
                .isFalse();
        assertThat(trainer.consecutiveFailures()).isEqualTo(2);
        assertThat(trainer.failed(5, "x", POLICY, T0)).isTrue();

        trainer.succeeded(T0.plusSeconds(40));
        assertThat(trainer.consecutiveFailures()).isZero();
        assertThat(trainer.failed(1, "x", POLICY, T0.plusSeconds(41)))
                .as("a success ends the run: 1 counts again")
                .isFalse();
        assertThat(trainer.consecutiveFailures()).isOne();
    }

    @Test
    void quarantinesGrowUpToTheCap() {
        Instant now = T0;
        for (int i = 0; i < 10; i++) {
            for (long e = 0; e < 3 && trainer.state() != TrainerState.QUARANTINED; e++) {
                trainer.failed(i * 10 + e, "x", POLICY, now);
            }
            if (trainer.state() == TrainerState.QUARANTINED && i > 0) {
                trainer.failed(i * 10 + 9, "probe", POLICY, now);
            }
            now = now.plus(Duration.ofHours(1));
        }
        assertThat(Duration.between(trainer.stateSince(), trainer.quarantinedUntil()))
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aLostTrainerIsActiveAgainWhenHeardAndANewInstanceMeansARestart() {
        assertThat(trainer.silentSince(T0.plusSeconds(1))).isTrue();
        trainer.lose("no heartbeat for 21 s", T0.plusSeconds(21));
        assertThat(trainer.state()).isEqualTo(TrainerState.LOST);
        assertThat(trainer.capacity(0, T0.plusSeconds(21))).isZero();
        assertThat(trainer.silentSince(T0.plusSeconds(60))).as("already lost").isFalse();
        trainer.heard(T0.plusSeconds(22));
        assertThat(trainer.state()).isEqualTo(TrainerState.ACTIVE);
        assertThat(trainer.register(4, instance, T0.plusSeconds(23)))
                .as("same process")
                .isFalse();
        assertThat(trainer.register(4, UUID.randomUUID(), T0.plusSeconds(24)))
                .as("a new process")
                .isTrue();
    }

    @Test
    void aStaticTrainerIsNeverSilentAndABackOffHoldsItsSlots() {
        Trainer configured = new Trainer("http://s:1", 1, Trainer.STATIC, null, T0);
        assertThat(configured.silentSince(T0.plusSeconds(3600))).isFalse();
        configured.backOff(T0.plusSeconds(5));
        assertThat(configured.capacity(0, T0.plusSeconds(4))).isZero();
        assertThat(configured.capacity(0, T0.plusSeconds(5))).isOne();
    }
}
