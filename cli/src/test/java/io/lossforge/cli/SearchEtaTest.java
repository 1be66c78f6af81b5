package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.search.SearchState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SearchEtaTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void timeLeftIsTheElapsedTimeScaledByTheWorkLeftOverTheWorkDone() {
        // A quarter of 4 generations took 10 minutes: 3 more quarters take 30.
        assertThat(SearchEta.remaining(SearchState.RUNNING, false, TEN_MINUTES, 1.0, 4))
                .contains(Duration.ofMinutes(30));
        // Partial generations count: 2.5 of 5 in 10 minutes leaves 10.
        assertThat(SearchEta.remaining(SearchState.RUNNING, false, TEN_MINUTES, 2.5, 5))
                .contains(TEN_MINUTES);
    }

    @Test
    void nothingDoneGivesNoFigure() {
        assertThat(SearchEta.remaining(SearchState.RUNNING, false, TEN_MINUTES, 0.0, 4))
                .isEmpty();
    }

    @Test
    void allDoneLeavesNothingEvenIfTheCountsOvershoot() {
        assertThat(SearchEta.remaining(SearchState.RUNNING, false, TEN_MINUTES, 4.0, 4))
                .contains(Duration.ZERO);
        assertThat(SearchEta.remaining(SearchState.RUNNING, false, TEN_MINUTES, 4.2, 4))
                .contains(Duration.ZERO);
    }

    @Test
    void aSearchThatDoesNotRunHasNoEta() {
        for (SearchState state :
                new SearchState[] {SearchState.QUEUED, SearchState.SUCCEEDED, SearchState.FAILED, SearchState.CANCELLED
                }) {
            assertThat(SearchEta.remaining(state, false, TEN_MINUTES, 2.0, 4))
                    .as(state.name())
                    .isEmpty();
        }
    }

    @Test
    void aSearchWaitingForATrainerHasNoEta() {
        assertThat(SearchEta.remaining(SearchState.RUNNING, true, TEN_MINUTES, 2.0, 4))
                .isEmpty();
    }

    @Test
    void noPositiveElapsedTimeGivesNoFigureRatherThanZero() {
        assertThat(SearchEta.remaining(SearchState.RUNNING, false, Duration.ZERO, 2.0, 4))
                .isEmpty();
        assertThat(SearchEta.remaining(SearchState.RUNNING, false, Duration.ofSeconds(-5), 2.0, 4))
                .isEmpty();
    }
}
