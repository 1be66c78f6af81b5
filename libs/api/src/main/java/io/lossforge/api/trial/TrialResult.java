package io.lossforge.api.trial;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The final report of a trial, as the trainer shows and posts it. Metrics are null when the outcome did
 * not produce them (a diverged trial has no validation accuracy). {@code validationAccuracy} is the
 * fitness; {@code validationLoss} the mean negative log-likelihood of the true class; {@code
 * meanConfidence} the mean max-softmax. {@code wallSeconds} is boxed so that a reader tolerates a
 * partial report (the orchestrator records one without it as what it says, not as unreadable JSON).
 */
public record TrialResult(
        @NotNull TrialOutcome outcome,
        Double validationAccuracy,
        Double validationLoss,
        Double testAccuracy,
        Double meanConfidence,
        List<EpochReport> epochs,
        Double imagesPerSecond,
        Double wallSeconds,
        String message) {

    public TrialResult {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    /** A trial that could not start, run or be delivered; {@code message} says why. */
    public static TrialResult failed(String message, double wallSeconds) {
        return new TrialResult(TrialOutcome.FAILED, null, null, null, null, List.of(), null, wallSeconds, message);
    }
}
