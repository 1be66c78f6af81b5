package io.lossforge.trainer.training;

import java.util.List;

/**
 * The final report of a trial. Metrics are null when the outcome did not produce them (a diverged trial
 * has no validation accuracy). {@code validationAccuracy} is the fitness; {@code validationLoss} is the
 * mean negative log-likelihood of the true class; {@code meanConfidence} the mean max-softmax.
 */
public record TrialResult(
        TrialOutcome outcome,
        Double validationAccuracy,
        Double validationLoss,
        Double testAccuracy,
        Double meanConfidence,
        List<EpochReport> epochs,
        Double imagesPerSecond,
        double wallSeconds,
        String message) {

    public TrialResult {
        epochs = List.copyOf(epochs);
    }

    /** A trial that could not start or run (no data, an engine error); {@code message} says why. */
    public static TrialResult failed(String message, double wallSeconds) {
        return ended(TrialOutcome.FAILED, List.of(), wallSeconds, message);
    }

    static TrialResult ended(TrialOutcome outcome, List<EpochReport> epochs, double wallSeconds, String message) {
        return new TrialResult(outcome, null, null, null, null, epochs, null, wallSeconds, message);
    }
}
