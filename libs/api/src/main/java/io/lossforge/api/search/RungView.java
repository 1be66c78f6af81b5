package io.lossforge.api.search;

/**
 * One multi-fidelity rung of a search ({@code SearchView.rungs}): its budget, what ran there and whether it
 * predicted the next rung. A search without multi-fidelity has one rung, its own task.
 *
 * @param rung              0 (the smallest budget) up to the top rung (the search's task)
 * @param trainSamples      the training samples of the rung's task
 * @param steps             the rung's step budget when the task is bounded by steps, null when by epochs
 * @param candidates        candidate rows at this rung: every bred candidate enters at rung 0, promoted ones
 *     have a row at each rung they reached (baselines, trained at the top rung only, are not counted)
 * @param trained           of those, the ones whose evaluation a trainer ran for them (not reused)
 * @param trainerSeconds    the trainer wall-seconds of those trainings (their reports' {@code wallSeconds})
 * @param promoted          rows of this rung that moved up to the next one (0 at the top rung)
 * @param rankCorrelation   Spearman's rank correlation between the fitness at this rung and at the next of
 *     the candidates that reached both (only promoted ones do, so it is measured on the best 1/eta), each
 *     distinct pair of evaluations once (an elite meeting the same two evaluations again is one pair); null
 *     at the top rung or with fewer than 3 such pairs
 * @param correlationPairs  how many distinct (this rung, next rung) pairs {@code rankCorrelation} is over
 */
public record RungView(
        int rung,
        int trainSamples,
        Integer steps,
        long candidates,
        long trained,
        double trainerSeconds,
        long promoted,
        Double rankCorrelation,
        int correlationPairs) {}
