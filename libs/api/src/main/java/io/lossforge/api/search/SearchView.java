package io.lossforge.api.search;

import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A search as the API shows it. {@code generation} is the generation being evaluated (the last one once
 * the search has ended); {@code best} is the best trained candidate so far (baselines excluded); {@code generationLimit} the number of
 * generations it runs (raised by a resume); {@code blockedReason} says why a running search waits (no
 * trainer can serve its task), null otherwise; {@code createdBy} names the API key that started it (null
 * for searches older than API keys); {@code stages} what each stage that spares training removed and saved
 * ({@link StageSavings}); {@code rungs} each multi-fidelity rung's budget and work ({@link RungView}; one
 * rung when the search has multi-fidelity off; null from an older orchestrator). {@code counts} count each
 * candidate once, as it entered (its lowest rung), except {@code pending}, which also holds promoted rows
 * still waiting for their result at a higher rung. {@code transfer} is the closing study asked for (null:
 * none) and {@code transferStudyId} the study started for it once the search SUCCEEDED.
 */
public record SearchView(
        UUID id,
        String name,
        SearchState state,
        TaskSpec task,
        SearchSpec search,
        String reduction,
        int generation,
        int generationLimit,
        Counts counts,
        Best best,
        String message,
        String blockedReason,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String createdBy,
        List<StageSavings> stages,
        List<RungView> rungs,
        TransferSpec transfer,
        UUID transferStudyId) {

    /**
     * @param candidates  all candidates so far, baselines included
     * @param evaluated   candidates trained by a trainer (cache hits and screened-out ones excluded)
     * @param screenedOut rejected before training, by reason code
     * @param cacheHits   candidates that reused an earlier evaluation of the same loss and task
     * @param failed      evaluated candidates whose loss could not be compiled or evaluated
     * @param unevaluated candidates whose every attempt failed for infrastructure reasons: never ranked
     * @param pending     candidates without a result yet (promoted rows waiting at a higher rung included)
     * @param equivalent  candidates that took the result of an evaluation of a different, gradient-equivalent
     *     loss of the same task (neither trained nor cache hits); null from an orchestrator older than
     *     gradient equivalence
     * @param doesNotLearn candidates screening accepted and the rejection protocol rejected (not in {@code
     *     screenedOut}, whose keys are screening's reasons); null from an older orchestrator
     */
    public record Counts(
            long candidates,
            long evaluated,
            Map<String, Long> screenedOut,
            long cacheHits,
            long diverged,
            long failed,
            long unevaluated,
            long pending,
            Long equivalent,
            Long doesNotLearn) {}

    public record Best(String hash, String expression, double fitness, int generation) {}
}
