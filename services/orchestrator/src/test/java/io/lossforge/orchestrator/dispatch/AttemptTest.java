package io.lossforge.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.orchestrator.IllegalTransition;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The attempt's state machine, state × event: what each transition allows, and that nothing else is. */
class AttemptTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Attempt leased() {
        Trainer trainer = new Trainer("http://t:1", 2, Trainer.REGISTERED, UUID.randomUUID(), T0);
        return Attempt.lease(UUID.randomUUID(), 7, 1, trainer, "replica-a", T0, T0.plusSeconds(15));
    }

    /** An attempt brought into {@code state} by legal transitions. */
    private static Attempt in(AttemptState state) {
        Attempt a = leased();
        switch (state) {
            case LEASED -> {}
            case RUNNING -> a.accepted(T0);
            case FINISHED -> a.report("SUCCEEDED", null, null, "{}", T0);
            case FAILED -> a.report(null, AttemptEnding.OUT_OF_MEMORY, "oom", "{}", T0);
            case EXPIRED -> a.expire(AttemptEnding.TRAINER_LOST, "lost", T0);
            case SUPERSEDED -> a.supersede(T0);
        }
        assertThat(a.state()).isEqualTo(state);
        return a;
    }

    @Test
    void onlyLiveAttemptsCanBeAcceptedExpiredOrSuperseded() {
        for (AttemptState state : AttemptState.values()) {
            boolean live = EnumSet.of(AttemptState.LEASED, AttemptState.RUNNING).contains(state);
            assertThat(state.isLive()).isEqualTo(live);
            if (live) {
                in(state).accepted(T0.plusSeconds(1));
                in(state).expire(AttemptEnding.STALLED, "x", T0);
                in(state).supersede(T0);
            } else {
                assertThatThrownBy(() -> in(state).accepted(T0)).isInstanceOf(IllegalTransition.class);
                assertThatThrownBy(() -> in(state).expire(AttemptEnding.STALLED, "x", T0))
                        .isInstanceOf(IllegalTransition.class);
                assertThatThrownBy(() -> in(state).supersede(T0)).isInstanceOf(IllegalTransition.class);
            }
        }
    }

    @Test
    void aReportAppliesOnceToALiveAttemptAndIsKeptAsLateOnAGivenUpOne() {
        assertThat(in(AttemptState.LEASED).report("SUCCEEDED", null, null, "{}", T0))
                .isEqualTo(Attempt.Report.APPLIED);
        assertThat(in(AttemptState.RUNNING).report(null, AttemptEnding.SHUTDOWN, null, "{}", T0))
                .isEqualTo(Attempt.Report.APPLIED);
        assertThat(in(AttemptState.FINISHED).report("SUCCEEDED", null, null, "{}", T0))
                .isEqualTo(Attempt.Report.DUPLICATE);
        assertThat(in(AttemptState.FAILED).report("SUCCEEDED", null, null, "{}", T0))
                .isEqualTo(Attempt.Report.DUPLICATE);
        assertThat(in(AttemptState.EXPIRED).report("SUCCEEDED", null, null, "{}", T0))
                .isEqualTo(Attempt.Report.LATE);
        assertThat(in(AttemptState.SUPERSEDED).report("SUCCEEDED", null, null, "{}", T0))
                .isEqualTo(Attempt.Report.LATE);
        Attempt late = in(AttemptState.EXPIRED);
        late.report("SUCCEEDED", null, null, "{}", T0);
        assertThat(late.state()).as("a late report changes nothing").isEqualTo(AttemptState.EXPIRED);
    }

    @Test
    void theStallClockRestartsOnlyWhenProgressGrows() {
        Attempt a = in(AttemptState.RUNNING);
        a.progressed(5, null, 5L, 10L, T0.plusSeconds(3));
        assertThat(a.lastProgressAt()).isEqualTo(T0.plusSeconds(3));
        a.progressed(5, null, 5L, 10L, T0.plusSeconds(6));
        assertThat(a.lastProgressAt())
                .as("same progress: still stalled since 3 s")
                .isEqualTo(T0.plusSeconds(3));
        a.progressed(6, null, 6L, 10L, T0.plusSeconds(9));
        assertThat(a.lastProgressAt()).isEqualTo(T0.plusSeconds(9));
        Attempt listed = in(AttemptState.LEASED);
        listed.progressed(1, null, 1L, 10L, T0.plusSeconds(1));
        assertThat(listed.state()).as("a heartbeat listing it confirms it").isEqualTo(AttemptState.RUNNING);
    }
}
