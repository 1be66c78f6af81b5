package io.lossforge.api.study;

import jakarta.validation.constraints.NotNull;

/**
 * One (loss, task, budget) of a study over its seeds. Accuracies and Δ are fractions; Δ is paired over the
 * seeds both losses finished (its interval is Student's t at 95 %), null for the reference itself.
 *
 * @param task               index into the study's tasks
 * @param budget             the budget multiplier
 * @param runs               seeds with a test (or validation) accuracy
 * @param failed             seeds that diverged, failed or stayed unevaluated
 * @param meanConfidence     mean over runs of the model's mean max-softmax probability on the scored images
 * @param sameInitialWeights every run started from the reference's initial weights for its seed (checked by
 *                           the trainers' checksums); null when a checksum is missing
 */
public record StudyCell(
        @NotNull String loss,
        int task,
        int budget,
        int runs,
        int failed,
        Double meanAccuracy,
        Double sdAccuracy,
        Double delta,
        Double deltaLow,
        Double deltaHigh,
        StudyVerdict paperVerdict,
        StudyVerdict intervalVerdict,
        Double meanConfidence,
        double trainerSeconds,
        Boolean sameInitialWeights) {}
