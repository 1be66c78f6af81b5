package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.CancelReason;
import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.FailureKind;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.model.ModelKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The training loop on generated data: outcomes, determinism, divergence, cancellation. */
class TrainingRunTest {

    private static final TrainingData DATA = SyntheticImages.data(3_000, 500);

    private static TaskSpec task(int epochs, long seed) {
        return new TaskSpec("synthetic", "mlp", 2_000, 500, epochs, null, 64, "adam", 1e-3, null, null, seed, true)
                .withDefaults();
    }

    /** Two batches only: partly trained, so that some validation images are right and some wrong. */
    private static TaskSpec briefTask(long seed) {
        return new TaskSpec("synthetic", "mlp", 2_000, 500, null, 2, 64, "adam", 1e-3, null, null, seed, false)
                .withDefaults();
    }

    private static TrialResult train(String loss, TaskSpec task) {
        return new TrainingRun(LossCatalog.resolve(loss, null), task, ModelKind.MLP, DATA).run(e -> {}, () -> false);
    }

    @Test
    void learnsWithCrossEntropyAndWithNgl() {
        for (String loss : List.of("ce", "ngl")) {
            TrialResult result = train(loss, task(2, 7));
            assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
            assertThat(result.validationAccuracy()).as(loss).isGreaterThan(0.9);
            assertThat(result.testAccuracy()).as(loss).isGreaterThan(0.9);
            assertThat(result.epochs()).hasSize(2);
            assertThat(result.validationLoss()).isPositive();
            assertThat(result.meanConfidence()).isBetween(0.1, 1.0);
            assertThat(result.imagesPerSecond()).isPositive();
        }
    }

    @Test
    void nglCapsConfidenceBelowCrossEntropy() {
        double ce = train("ce", task(3, 7)).meanConfidence();
        double ngl = train("ngl", task(3, 7)).meanConfidence();
        assertThat(ngl).isLessThan(ce - 0.1);
    }

    @Test
    void sameSeedSameResultDifferentSeedDifferentStart() {
        TrialResult first = train("ce", task(1, 3));
        TrialResult second = train("ce", task(1, 3));
        TrialResult other = train("ce", task(1, 4));
        assertThat(second.epochs().getFirst().trainLoss())
                .isEqualTo(first.epochs().getFirst().trainLoss());
        assertThat(second.validationAccuracy()).isEqualTo(first.validationAccuracy());
        assertThat(other.epochs().getFirst().trainLoss())
                .isNotEqualTo(first.epochs().getFirst().trainLoss());
    }

    @Test
    void aSuccessReportsWhichValidationImagesWereRightAndTheCountIsTheAccuracy() {
        // 500 validation images in batches of 64: the last batch is partial (52), its bits land at 448..499.
        TrialResult result = train("ce", briefTask(5));
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(result.validationImages()).isEqualTo(500);
        CorrectnessBits bits = result.validationCorrectness();
        assertThat(bits.size()).isEqualTo(500);
        assertThat((double) bits.count() / result.validationImages()).isEqualTo(result.validationAccuracy());
        assertThat(bits.count()).as("partly trained: some right, some wrong").isBetween(1, 499);
    }

    @Test
    void sameTaskAndLossGiveTheSameBitsAnotherSeedOtherImages() {
        TrialResult first = train("ce", briefTask(3));
        TrialResult second = train("ce", briefTask(3));
        assertThat(first.validationCorrectness().count()).isBetween(1, 499);
        assertThat(second.validationCorrect()).isEqualTo(first.validationCorrect());
        assertThat(second.validationCorrectness()).isEqualTo(first.validationCorrectness());
        TrialResult other = train("ce", briefTask(4));
        assertThat(other.validationCorrect())
                .as("another seed: another split and start")
                .isNotEqualTo(first.validationCorrect());
    }

    @Test
    void onlySuccessCarriesBits() {
        TrialResult diverged = train("exp(1000 * p) * y", task(1, 1));
        assertThat(diverged.validationImages()).isNull();
        assertThat(diverged.validationCorrect()).isNull();
        TrialResult failed = train("y * 2", task(1, 1));
        assertThat(failed.validationCorrectness()).isNull();
    }

    /** Stopped at the first non-finite batch: where it stopped is asserted, not how long it took (see the benchmark). */
    @Test
    void divergentLossEndsWithinTheFirstBatch() {
        TrialResult result = train("exp(1000 * p) * y", task(3, 1));
        assertThat(result.outcome()).isEqualTo(TrialOutcome.DIVERGED);
        assertThat(result.message()).endsWith("at epoch 1, batch 1");
        assertThat(result.epochs()).isEmpty();
    }

    @Test
    void lossWithoutPredictionsFailsWithAReason() {
        TrialResult result = train("y * 2", task(1, 1));
        assertThat(result.outcome()).isEqualTo(TrialOutcome.FAILED);
        assertThat(result.message()).isNotBlank();
        assertThat(result.failure().kind())
                .as("a loss that cannot be evaluated is the candidate's fault")
                .isEqualTo(FailureKind.INVALID_LOSS);
    }

    @Test
    void tooManySamplesFailsWithAClearMessage() {
        TaskSpec task = new TaskSpec("synthetic", "mlp", 2_900, 500, 1, null, 64, null, null, null, null, 1L, false)
                .withDefaults();
        TrialResult result = train("ce", task);
        assertThat(result.outcome()).isEqualTo(TrialOutcome.FAILED);
        assertThat(result.message()).contains("2900 training + 500 validation").contains("3000 images");
        assertThat(result.failureKind()).isEqualTo(FailureKind.ENGINE_ERROR);
    }

    /** A few steps of cnn-medium on the synthetic bands: it trains, and learns something already. */
    @Test
    void cnnMediumTrainsAFewSteps() {
        TaskSpec task = new TaskSpec(
                        "synthetic", "cnn-medium", 512, 256, null, 12, 32, null, null, null, null, 2L, false)
                .withDefaults();
        TrialResult result = new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.CNN_MEDIUM, DATA)
                .run(e -> {}, () -> false);
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(result.epochs()).hasSize(1);
        assertThat(result.validationImages()).isEqualTo(256);
        assertThat(result.validationAccuracy()).as("10 classes: chance is 0.1").isGreaterThan(0.3);
    }

    @Test
    void cancellationStopsTraining() {
        AtomicInteger polls = new AtomicInteger();
        TrialResult result = new TrainingRun(LossCatalog.resolve("ce", null), task(5, 1), ModelKind.MLP, DATA)
                .run(e -> {}, () -> polls.incrementAndGet() > 10);
        assertThat(result.outcome()).isEqualTo(TrialOutcome.CANCELLED);
        assertThat(result.cancelReason()).isEqualTo(CancelReason.REQUESTED);
        assertThat(result.epochs()).isEmpty();
    }

    @Test
    void stepsBoundTrainingAndReportEveryEpoch() {
        TaskSpec task = new TaskSpec("synthetic", "mlp", 2_000, 500, null, 40, 64, null, null, null, null, 1L, false)
                .withDefaults();
        List<EpochReport> seen = new ArrayList<>();
        TrialResult result =
                new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.MLP, DATA).run(seen::add, () -> false);
        assertThat(result.outcome()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(seen).hasSize(2).isEqualTo(result.epochs()); // 31 batches per epoch: 40 steps span 2 epochs
        assertThat(result.testAccuracy()).isNull();
    }
}
