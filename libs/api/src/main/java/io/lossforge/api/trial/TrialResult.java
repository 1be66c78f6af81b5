package io.lossforge.api.trial;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The final report of a trial, as the trainer shows and posts it. Metrics are null when the outcome did
 * not produce them (a diverged trial has no validation accuracy). {@code validationAccuracy} is the
 * fitness; {@code validationLoss} the mean negative log-likelihood of the true class; {@code
 * meanConfidence} the mean max-softmax. {@code wallSeconds} is boxed so that a reader tolerates a
 * partial report (the orchestrator records one without it as what it says, not as unreadable JSON).
 * {@code failure} is set on {@link TrialOutcome#FAILED} (absent from a round-1 trainer: read it as
 * {@link FailureKind#ENGINE_ERROR}, see {@link #failureKind()}); {@code cancelReason} on {@link
 * TrialOutcome#CANCELLED}.
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
        String message,
        TrialFailure failure,
        CancelReason cancelReason) {

    public TrialResult {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    /** A report without failure kind or cancel reason (the round-1 shape). */
    public TrialResult(
            TrialOutcome outcome,
            Double validationAccuracy,
            Double validationLoss,
            Double testAccuracy,
            Double meanConfidence,
            List<EpochReport> epochs,
            Double imagesPerSecond,
            Double wallSeconds,
            String message) {
        this(
                outcome,
                validationAccuracy,
                validationLoss,
                testAccuracy,
                meanConfidence,
                epochs,
                imagesPerSecond,
                wallSeconds,
                message,
                null,
                null);
    }

    /** A trial that could not start, run or be delivered; {@code message} says why (an engine error). */
    public static TrialResult failed(String message, double wallSeconds) {
        return failed(FailureKind.ENGINE_ERROR, message, List.of(), wallSeconds);
    }

    /** A failed trial of a known kind, with the epochs it finished before failing. */
    public static TrialResult failed(FailureKind kind, String message, List<EpochReport> epochs, double wallSeconds) {
        return new TrialResult(
                TrialOutcome.FAILED,
                null,
                null,
                null,
                null,
                epochs,
                null,
                wallSeconds,
                message,
                new TrialFailure(kind, message),
                null);
    }

    /** A cancelled trial, with the epochs it finished before it was stopped. */
    public static TrialResult cancelled(CancelReason reason, List<EpochReport> epochs, double wallSeconds) {
        String message = reason == CancelReason.SHUTDOWN ? "cancelled: the trainer is shutting down" : "cancelled";
        return new TrialResult(
                TrialOutcome.CANCELLED, null, null, null, null, epochs, null, wallSeconds, message, null, reason);
    }

    /** The failure kind of a failed trial; a round-1 report without one is an engine error. */
    public FailureKind failureKind() {
        if (outcome != TrialOutcome.FAILED) {
            return null;
        }
        return failure == null ? FailureKind.ENGINE_ERROR : failure.kind();
    }
}
