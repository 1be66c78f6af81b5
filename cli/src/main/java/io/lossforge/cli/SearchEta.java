package io.lossforge.cli;

import io.lossforge.api.search.SearchState;
import java.time.Duration;
import java.util.Optional;

/**
 * A search's time left at its pace so far: elapsed / work done × work left. The work is counted in
 * generations, the current one by its share of finished candidates, because every generation breeds and
 * trains about the same number of candidates while the search's totals also hold screened and cached ones
 * that cost nothing. The orchestrator sends no estimate for searches (it does for studies), hence this one.
 */
final class SearchEta {

    private SearchEta() {}

    /**
     * Empty when no figure would be honest: the search is not running (queued, ended or stopped to be
     * resumed), it waits for a trainer (its pace says nothing about when one comes), nothing has finished
     * yet, or the elapsed time is not positive (a client clock behind the orchestrator's).
     *
     * @param blocked         the search waits: its {@code blockedReason} is set
     * @param elapsed         since the search started; after a resume this includes the stopped time, so
     *                        the estimate errs long, never short
     * @param generationsDone finished generations plus the finished share of the current one
     * @param generationLimit the generations the search runs (raised by a resume)
     */
    static Optional<Duration> remaining(
            SearchState state, boolean blocked, Duration elapsed, double generationsDone, int generationLimit) {
        if (state != SearchState.RUNNING || blocked || generationsDone <= 0 || !elapsed.isPositive()) {
            return Optional.empty();
        }
        double left = Math.max(0, generationLimit - generationsDone);
        return Optional.of(Duration.ofMillis(Math.round(elapsed.toMillis() * left / generationsDone)));
    }
}
