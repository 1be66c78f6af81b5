package io.lossforge.trainer.training;

import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One trial's result from its trainings on a task and its {@link TaskSpec#fitnessTasks() further tasks}, in
 * task order. Validation images are pooled: the bits are concatenated and the validation accuracy is the
 * fraction correct over all of them (the plain mean of the tasks' accuracies when they validate on equal
 * numbers of images), so the per-image pairing of two trials of the same task still holds. Loss, test
 * accuracy, confidence and throughput are plain means; seconds add up; the epochs follow one another. A
 * training that did not succeed ends the trial with its own outcome.
 */
public final class MultiTaskResults {

    private MultiTaskResults() {}

    public static TrialResult combine(List<TaskSpec> tasks, List<TrialResult> results) {
        List<EpochReport> epochs = new ArrayList<>();
        results.forEach(r -> epochs.addAll(r.epochs()));
        double seconds = results.stream()
                .mapToDouble(r -> r.wallSeconds() == null ? 0 : r.wallSeconds())
                .sum();
        TrialResult last = results.getLast();
        if (last.outcome() != TrialOutcome.SUCCEEDED || results.size() < tasks.size()) {
            String where = "task " + (results.size() - 1) + " (" + label(tasks.get(results.size() - 1)) + "): ";
            return new TrialResult(
                    last.outcome(),
                    null,
                    null,
                    null,
                    null,
                    epochs,
                    null,
                    seconds,
                    where
                            + Objects.requireNonNullElse(
                                    last.message(), last.outcome().name()),
                    last.failure(),
                    last.cancelReason(),
                    null,
                    null,
                    results.getFirst().initialWeightsChecksum());
        }
        List<CorrectnessBits> bits =
                results.stream().map(TrialResult::validationCorrectness).toList();
        boolean pooled = bits.stream().allMatch(Objects::nonNull);
        CorrectnessBits all = pooled ? concat(bits) : null;
        StringBuilder message = new StringBuilder("multi-task:");
        for (int i = 0; i < tasks.size(); i++) {
            message.append(String.format(
                    Locale.ROOT,
                    " %s %.4f%s",
                    label(tasks.get(i)),
                    results.get(i).validationAccuracy(),
                    i + 1 < tasks.size() ? ";" : ""));
        }
        return new TrialResult(
                TrialOutcome.SUCCEEDED,
                pooled
                        ? all.accuracy()
                        : mean(results.stream()
                                .map(TrialResult::validationAccuracy)
                                .toList()),
                mean(results.stream().map(TrialResult::validationLoss).toList()),
                mean(results.stream().map(TrialResult::testAccuracy).toList()),
                mean(results.stream().map(TrialResult::meanConfidence).toList()),
                epochs,
                mean(results.stream().map(TrialResult::imagesPerSecond).toList()),
                seconds,
                message.toString(),
                null,
                null,
                pooled ? all.size() : null,
                pooled ? all.toBase64() : null,
                results.getFirst().initialWeightsChecksum());
    }

    private static CorrectnessBits concat(List<CorrectnessBits> parts) {
        boolean[] correct =
                new boolean[parts.stream().mapToInt(CorrectnessBits::size).sum()];
        int at = 0;
        for (CorrectnessBits part : parts) {
            for (int i = 0; i < part.size(); i++) {
                correct[at++] = part.get(i);
            }
        }
        return CorrectnessBits.of(correct);
    }

    /** The mean, or null when any value is missing. */
    private static Double mean(List<Double> values) {
        if (values.stream().anyMatch(Objects::isNull)) {
            return null;
        }
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static String label(TaskSpec task) {
        return task.dataset() + "/" + task.model();
    }
}
