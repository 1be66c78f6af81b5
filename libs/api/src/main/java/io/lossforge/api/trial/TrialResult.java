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
 *
 * <p>{@code validationImages} and {@code validationCorrect} come with every {@link TrialOutcome#SUCCEEDED}
 * report of a current trainer and are null otherwise (and absent from an older trainer's report): the
 * number of validation images evaluated and which of them the final model classified correctly, as
 * {@link CorrectnessBits} in their wire form (standard base64 with padding, little-endian bit order: bit
 * {@code i} — byte {@code i / 8}, bit {@code i % 8} — is image {@code i}). Image {@code i} is the
 * {@code i}-th image of the validation split in the trainer's evaluation order. That split and its order
 * are a function of the dataset (its training split's size, or its images of the classes in {@code
 * task.classGroups}), {@code task.seed}, {@code task.trainSamples} and {@code task.validationSamples}
 * only, and the initial weights of {@code task.seed}, the model and its number of classes:
 * two trials of the same task are evaluated on the same images in the same order from the same start, so
 * their bits pair image by image. {@link #validationCorrectness()} decodes and checks them.
 *
 * <p>{@code initialWeightsChecksum} (a current trainer's SUCCEEDED and DIVERGED reports; null otherwise
 * and absent from an older trainer's) is the hex SHA-256 of every parameter's values right after
 * initialisation, before the first step: the float32 values of the parameters in the model's fixed order,
 * little-endian. It is a function of {@code task.seed}, the model, its number of classes and the image
 * shape, not of the loss, so two trials that report the same one started from the same weights.
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
        CancelReason cancelReason,
        Integer validationImages,
        String validationCorrect,
        String initialWeightsChecksum) {

    public TrialResult {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    /** A report without the initial-weights checksum (the shape before it; a trial that never initialised). */
    public TrialResult(
            TrialOutcome outcome,
            Double validationAccuracy,
            Double validationLoss,
            Double testAccuracy,
            Double meanConfidence,
            List<EpochReport> epochs,
            Double imagesPerSecond,
            Double wallSeconds,
            String message,
            TrialFailure failure,
            CancelReason cancelReason,
            Integer validationImages,
            String validationCorrect) {
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
                failure,
                cancelReason,
                validationImages,
                validationCorrect,
                null);
    }

    /** A report without the per-image correctness (the shape before it, and every outcome but success). */
    public TrialResult(
            TrialOutcome outcome,
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
                failure,
                cancelReason,
                null,
                null);
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

    /**
     * The per-image correctness of the validation split, decoded and checked against the report, or null
     * when the report has neither {@code validationImages} nor {@code validationCorrect} (an older trainer,
     * or an outcome other than success). Checked: both fields are present; {@code validationImages} is
     * positive; the bits decode for that many images ({@link CorrectnessBits#fromBase64}); and, when the
     * report has a {@code validationAccuracy}, the number of correct images is the one it stands for, the
     * nearest integer to {@code validationAccuracy × validationImages} (the trainer reports exactly {@code
     * correct / images}; half an image of slack tolerates the rounding of any other writer, and still
     * determines the count).
     *
     * @throws IllegalArgumentException when any check fails; the message names the field and says why
     */
    public CorrectnessBits validationCorrectness() {
        if (validationImages == null && validationCorrect == null) {
            return null;
        }
        if (validationImages == null || validationCorrect == null) {
            throw new IllegalArgumentException(
                    "validationImages and validationCorrect come together, only one of them is set");
        }
        if (validationImages <= 0) {
            throw new IllegalArgumentException("validationImages must be positive, got " + validationImages);
        }
        CorrectnessBits bits;
        try {
            bits = CorrectnessBits.fromBase64(validationCorrect, validationImages);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("validationCorrect: " + e.getMessage(), e);
        }
        if (validationAccuracy != null && !(Math.abs(validationAccuracy * validationImages - bits.count()) < 0.5)) {
            throw new IllegalArgumentException("validationCorrect marks " + bits.count() + " of " + validationImages
                    + " images correct, validationAccuracy " + validationAccuracy + " stands for "
                    + validationAccuracy * validationImages);
        }
        return bits;
    }

    /** The failure kind of a failed trial; a round-1 report without one is an engine error. */
    public FailureKind failureKind() {
        if (outcome != TrialOutcome.FAILED) {
            return null;
        }
        return failure == null ? FailureKind.ENGINE_ERROR : failure.kind();
    }
}
