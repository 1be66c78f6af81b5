package io.lossforge.orchestrator.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.api.search.SearchState;
import io.lossforge.orchestrator.IllegalTransition;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The search's life: start, advance, end, and resume (Optuna's study continuation). */
class SearchTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Search search(int generations) {
        return new Search(UUID.randomUUID(), "s", "{}", "d", "m", "f", "{}", "mean", generations, "test-operator", T0);
    }

    @Test
    void runsItsGenerationsAndSucceedsOnlyAtTheLast() {
        Search s = search(2);
        assertThatThrownBy(s::advance).isInstanceOf(IllegalTransition.class);
        s.start(T0);
        assertThatThrownBy(() -> s.start(T0)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> s.succeed(T0)).as("generation 0 of 2").isInstanceOf(IllegalTransition.class);
        s.advance();
        assertThat(s.atLastGeneration()).isTrue();
        assertThatThrownBy(s::advance).isInstanceOf(IllegalTransition.class);
        s.succeed(T0);
        assertThat(s.state()).isEqualTo(SearchState.SUCCEEDED);
        assertThatThrownBy(() -> s.cancel(T0)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> s.fail("x", T0)).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void aStoppedSearchResumesWhereItWasAndAFinishedOneOnlyWithMoreGenerations() {
        Search s = search(3);
        s.start(T0);
        s.advance();
        s.cancel(T0);
        s.resume(0, T0);
        assertThat(s.state()).isEqualTo(SearchState.RUNNING);
        assertThat(s.generation()).isOne();
        assertThat(s.message()).isNull();
        assertThatThrownBy(() -> s.resume(0, T0)).as("running").isInstanceOf(IllegalTransition.class);
        s.fail("engine", T0);
        s.resume(2, T0);
        assertThat(s.generationLimit()).isEqualTo(5);
        s.advance();
        s.advance();
        s.advance();
        s.succeed(T0);
        assertThatThrownBy(() -> s.resume(0, T0)).isInstanceOf(IllegalTransition.class);
        s.resume(1, T0);
        assertThat(s.state()).isEqualTo(SearchState.RUNNING);
        assertThat(s.atLastGeneration()).isFalse();
    }

    @Test
    void aSearchCancelledBeforeItStartedResumesQueuedAndOnlyARunningOneIsBlocked() {
        Search s = search(2);
        s.blocked("no trainer");
        assertThat(s.blockedReason()).as("not running").isNull();
        s.cancel(T0);
        s.resume(0, T0);
        assertThat(s.state()).isEqualTo(SearchState.QUEUED);
        s.start(T0);
        s.blocked("no trainer is registered");
        assertThat(s.blockedReason()).isEqualTo("no trainer is registered");
        s.cancel(T0);
        assertThat(s.blockedReason()).isNull();
    }
}
