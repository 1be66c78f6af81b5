package io.lossforge.api.search;

/**
 * What one stage of a search spared the trainers: how many candidates it removed before training and the
 * trainer-seconds that saved. Stages, in the order a candidate meets them: {@code screening} (a loss that
 * cannot be useful), {@code rejection} (probe logits optimised under the loss do not learn the labels),
 * {@code hash-cache} (the same loss was trained or queued before for the task), {@code
 * gradient-equivalence} (a loss with the same logit gradient was).
 *
 * @param stage               the stage's name, as above
 * @param enabled             whether the search has the stage on (screening and the hash cache always are)
 * @param removed             candidates it removed so far
 * @param trainerSecondsSaved for a reuse stage the trainer wall-seconds of the evaluations its candidates
 *     followed (finished ones only); for a rejecting stage {@code removed} × the mean trainer wall-seconds
 *     of this search's trained candidates (then {@code estimated} is true); 0 when nothing is known yet
 * @param estimated           whether {@code trainerSecondsSaved} is an estimate rather than measured
 */
public record StageSavings(String stage, boolean enabled, long removed, double trainerSecondsSaved, boolean estimated) {

    public static final String SCREENING = "screening";
    public static final String REJECTION = "rejection";
    public static final String HASH_CACHE = "hash-cache";
    public static final String GRADIENT_EQUIVALENCE = "gradient-equivalence";
    public static final String MULTI_FIDELITY = "multi-fidelity";

    /** Every stage's name, in the order a candidate meets them (the view lists them so). */
    public static final java.util.List<String> STAGES =
            java.util.List.of(SCREENING, REJECTION, HASH_CACHE, GRADIENT_EQUIVALENCE, MULTI_FIDELITY);
}
