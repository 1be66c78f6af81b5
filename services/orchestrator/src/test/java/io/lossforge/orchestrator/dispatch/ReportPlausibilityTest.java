package io.lossforge.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.task.TaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which trainer reports could be true for their task, and which are refused before they touch anything. */
class ReportPlausibilityTest {

    private static final TaskSpec TWO_EPOCHS = new TaskSpec(
            "fashion-mnist", "mlp", null, null, 2, null, null, null, null, null, null, 1L, null, null, null, null);

    private static TrialResult result(TrialOutcome outcome, Double accuracy, List<EpochReport> epochs) {
        return new TrialResult(outcome, accuracy, 0.4, null, 0.7, epochs, 1000.0, 2.0, null);
    }

    private static EpochReport epoch(int n, double loss, double accuracy) {
        return new EpochReport(n, loss, accuracy, 1000, 1);
    }

    @Test
    void anOrdinaryReportIsPlausible() {
        assertThat(ReportPlausibility.problem(
                        result(TrialOutcome.SUCCEEDED, 0.83, List.of(epoch(1, 0.9, 0.8), epoch(2, 0.6, 0.83))),
                        TWO_EPOCHS))
                .isEmpty();
        assertThat(ReportPlausibility.problem(result(TrialOutcome.FAILED, null, List.of()), TWO_EPOCHS))
                .isEmpty();
    }

    @Test
    void impossibleFiguresAreRefusedNamingTheField() {
        assertThat(ReportPlausibility.problem(result(TrialOutcome.SUCCEEDED, 1.5, List.of()), TWO_EPOCHS))
                .hasValueSatisfying(why -> assertThat(why).startsWith("validationAccuracy"));
        assertThat(ReportPlausibility.problem(result(TrialOutcome.SUCCEEDED, Double.NaN, List.of()), TWO_EPOCHS))
                .hasValueSatisfying(why -> assertThat(why).startsWith("validationAccuracy"));
        assertThat(ReportPlausibility.problem(
                        new TrialResult(TrialOutcome.SUCCEEDED, 0.8, -1.0, null, 0.7, List.of(), 1.0, 1.0, null),
                        TWO_EPOCHS))
                .hasValueSatisfying(why -> assertThat(why).startsWith("validationLoss"));
        assertThat(ReportPlausibility.problem(
                        result(
                                TrialOutcome.SUCCEEDED,
                                0.8,
                                List.of(epoch(1, 1, 0.5), epoch(2, 1, 0.6), epoch(3, 1, 0.8))),
                        TWO_EPOCHS))
                .hasValueSatisfying(why -> assertThat(why).startsWith("epochs: 3 reported"));
        assertThat(ReportPlausibility.problem(
                        result(TrialOutcome.SUCCEEDED, 0.8, List.of(epoch(1, Double.POSITIVE_INFINITY, 0.8))),
                        TWO_EPOCHS))
                .hasValueSatisfying(why -> assertThat(why).contains("trainLoss"));
    }

    @Test
    void aDivergedTrialMayReportANonFiniteTrainingLoss() {
        assertThat(ReportPlausibility.problem(
                        result(TrialOutcome.DIVERGED, null, List.of(epoch(1, Double.NaN, 0.1))), TWO_EPOCHS))
                .isEmpty();
    }

    @Test
    void aMultiTaskReportMayCarryTheEpochsAndValidationImagesOfEveryTask() {
        TaskSpec first = new TaskSpec(
                "fashion-mnist", "mlp", null, 100, 2, null, null, null, null, null, null, 1L, null, null, null, null);
        TaskSpec second = new TaskSpec(
                "cifar-10", "cnn-small", null, 100, 1, null, null, null, null, null, null, 1L, null, null, null, null);
        TaskSpec multi = first.withFitnessTasks(List.of(second));
        List<EpochReport> three = List.of(epoch(1, 0.9, 0.8), epoch(2, 0.6, 0.83), epoch(1, 1.5, 0.4));
        boolean[] correct = new boolean[200];
        for (int i = 0; i < 120; i++) {
            correct[i] = true;
        }
        String bits = io.lossforge.api.trial.CorrectnessBits.of(correct).toBase64();
        TrialResult pooled = new TrialResult(
                TrialOutcome.SUCCEEDED, 0.6, 0.4, null, 0.7, three, 1000.0, 2.0, null, null, null, 200, bits, null);
        assertThat(ReportPlausibility.problem(pooled, multi)).isEmpty();
        assertThat(ReportPlausibility.problem(pooled, first))
                .as("the same report for the first task alone")
                .hasValueSatisfying(why -> assertThat(why).startsWith("validationImages: 200 reported"));
    }
}
