package io.lossforge.api.search;

import java.util.List;

/**
 * One candidate of a search as {@code GET /api/v1/searches/{id}/candidates} lists it: what was bred, how
 * (lineage), what each stage decided, and its result.
 *
 * @param id           the candidate's id
 * @param generation   its generation; -1 for a baseline
 * @param position     its position in the generation (what {@code parents} of the next generation refer to)
 * @param expression   canonical infix
 * @param hash         the loss hash
 * @param reduction    mean or sum
 * @param nodes        expression size
 * @param source       how it was made: SEED, RANDOM, CROSSOVER, MUTATION, ELITE, BASELINE
 * @param parents      positions of its parents in the previous generation (empty for SEED, RANDOM, BASELINE)
 * @param baseline     the baseline's name, null for a bred candidate
 * @param status       PENDING, EVALUATING, EVALUATED, REJECTED or UNEVALUATED
 * @param reason       why it was REJECTED (a screening reason or DOES_NOT_LEARN), null otherwise
 * @param reuse        NONE (it opened its own evaluation), SAME_LOSS (a hash-cache hit or a follower of the
 *     same loss's open evaluation) or EQUIVALENT (an evaluation of a gradient-equivalent loss); null when
 *     it has no evaluation
 * @param evaluationId the evaluation that stands for it, null when none
 * @param family       the gradient-equivalence family key of that evaluation, null when none or undefined
 * @param outcome      SUCCEEDED, DIVERGED or INVALID_LOSS once EVALUATED, null otherwise
 * @param fitness      validation accuracy when SUCCEEDED, null otherwise
 * @param trainedSeconds the trainer's wall seconds for the trial that finished its evaluation (the report's
 *     {@code wallSeconds}), given only on the candidate that opened that evaluation ({@code reuse} NONE):
 *     summed over a search's candidates it is the trainer time the search spent; null otherwise
 * @param rung         its multi-fidelity rung (0: the smallest budget; the search's top rung is its own task,
 *     where baselines are): a promoted candidate is listed once per rung it reached, each with that rung's
 *     evaluation and fitness; null from an older orchestrator
 */
public record CandidateView(
        long id,
        int generation,
        int position,
        String expression,
        String hash,
        String reduction,
        int nodes,
        String source,
        List<Integer> parents,
        String baseline,
        String status,
        String reason,
        String reuse,
        Long evaluationId,
        String family,
        String outcome,
        Double fitness,
        Double trainedSeconds,
        Integer rung) {

    public CandidateView {
        parents = parents == null ? List.of() : List.copyOf(parents);
    }
}
