package io.lossforge.api.search;

import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A search as the API shows it. {@code generation} is the generation being evaluated (the last one once
 * the search has ended); {@code best} is the best trained candidate so far (baselines excluded).
 */
public record SearchView(
        UUID id,
        String name,
        SearchState state,
        TaskSpec task,
        SearchSpec search,
        String reduction,
        int generation,
        Counts counts,
        Best best,
        String message,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /**
     * @param candidates  all candidates so far, baselines included
     * @param evaluated   candidates trained by a trainer (cache hits and screened-out ones excluded)
     * @param screenedOut rejected before training, by reason code
     * @param cacheHits   candidates that reused an earlier evaluation of the same loss and task
     * @param pending     candidates without a result yet
     */
    public record Counts(
            long candidates,
            long evaluated,
            Map<String, Long> screenedOut,
            long cacheHits,
            long diverged,
            long failed,
            long pending) {}

    public record Best(String hash, String expression, double fitness, int generation) {}
}
