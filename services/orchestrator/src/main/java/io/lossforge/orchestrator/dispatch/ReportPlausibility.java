package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.task.TaskSpec;
import java.util.Optional;

/**
 * Whether a trainer's report could be true for its task: accuracies and confidences in [0, 1], finite
 * losses and timings, no more epochs than the task trains, per-image correctness consistent with the
 * accuracy and the task's validation images. A report that fails is refused before it
 * touches anything — a forged or corrupted fitness would otherwise be reused by every later search of the
 * same loss and task. A diverged trial may report non-finite training losses (that is what diverging is).
 */
final class ReportPlausibility {

    private ReportPlausibility() {}

    /** Why the report cannot be true, or empty when it may be. */
    static Optional<String> problem(TrialResult r, TaskSpec task) {
        Optional<String> p = fraction("validationAccuracy", r.validationAccuracy())
                .or(() -> fraction("testAccuracy", r.testAccuracy()))
                .or(() -> fraction("meanConfidence", r.meanConfidence()))
                .or(() -> nonNegative("validationLoss", r.validationLoss()))
                .or(() -> nonNegative("imagesPerSecond", r.imagesPerSecond()))
                .or(() -> nonNegative("wallSeconds", r.wallSeconds()));
        if (p.isPresent()) {
            return p;
        }
        Optional<String> correctness = correctness(r, task);
        if (correctness.isPresent()) {
            return correctness;
        }
        Integer epochs = epochs(task);
        if (epochs != null && r.epochs().size() > epochs) {
            return Optional.of("epochs: " + r.epochs().size() + " reported, the task trains " + epochs);
        }
        for (EpochReport e : r.epochs()) {
            boolean lossMayBeBroken = r.outcome() == TrialOutcome.DIVERGED;
            Optional<String> epoch = fraction("epochs[" + e.epoch() + "].validationAccuracy", e.validationAccuracy())
                    .or(() -> lossMayBeBroken
                            ? Optional.empty()
                            : finite("epochs[" + e.epoch() + "].trainLoss", e.trainLoss()))
                    .or(() -> nonNegative("epochs[" + e.epoch() + "].seconds", e.seconds()));
            if (epoch.isPresent()) {
                return epoch;
            }
        }
        return Optional.empty();
    }

    /**
     * Per-image correctness, when reported, must decode, agree with the accuracy (see {@link
     * TrialResult#validationCorrectness()}) and cover the task's validation images: it decides paired
     * p-values on every later leaderboard of the loss and task.
     */
    private static Optional<String> correctness(TrialResult r, TaskSpec task) {
        CorrectnessBits bits;
        try {
            bits = r.validationCorrectness();
        } catch (IllegalArgumentException e) {
            return Optional.of("validationCorrect: " + e.getMessage());
        }
        Integer expected = validationImages(task);
        return bits == null || expected == null || bits.size() == expected
                ? Optional.empty()
                : Optional.of("validationImages: " + bits.size() + " reported, the task validates on " + expected);
    }

    /** The task's trainings: itself and its further tasks of a multi-task fitness, each with defaults. */
    private static java.util.List<TaskSpec> trainings(TaskSpec task) {
        java.util.List<TaskSpec> all = new java.util.ArrayList<>(java.util.List.of(task.withDefaults()));
        if (task.fitnessTasks() != null) {
            task.fitnessTasks().forEach(t -> all.add(t.withDefaults()));
        }
        return all;
    }

    /** The validation images of all trainings (pooled in a multi-task trial); null if one is unknown. */
    private static Integer validationImages(TaskSpec task) {
        int sum = 0;
        for (TaskSpec t : trainings(task)) {
            if (t.validationSamples() == null) {
                return null;
            }
            sum += t.validationSamples();
        }
        return sum;
    }

    /** The epochs all trainings report, or null when one is bounded by steps. */
    private static Integer epochs(TaskSpec task) {
        int sum = 0;
        for (TaskSpec t : trainings(task)) {
            if (t.epochs() == null || t.steps() != null) {
                return null;
            }
            sum += t.epochs();
        }
        return sum;
    }

    private static Optional<String> fraction(String field, Double value) {
        if (value == null) {
            return Optional.empty();
        }
        return Double.isFinite(value) && value >= 0 && value <= 1
                ? Optional.empty()
                : Optional.of(field + " must be in [0, 1], got " + value);
    }

    private static Optional<String> nonNegative(String field, Double value) {
        if (value == null) {
            return Optional.empty();
        }
        return Double.isFinite(value) && value >= 0
                ? Optional.empty()
                : Optional.of(field + " must be finite and not negative, got " + value);
    }

    private static Optional<String> finite(String field, double value) {
        return Double.isFinite(value) ? Optional.empty() : Optional.of(field + " must be finite, got " + value);
    }
}
