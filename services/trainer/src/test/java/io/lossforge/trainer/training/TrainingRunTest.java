package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The training loop on generated data: outcomes, determinism, divergence, cancellation. */
class TrainingRunTest {

    private static final TrainingData DATA = SyntheticImages.data(3_000, 500);

    private static TaskSpec task(int epochs, long seed) {
        return new TaskSpec(
                        "synthetic",
                        "mlp",
                        2_000,
                        500,
                        epochs,
                        null,
                        64,
                        "adam",
                        1e-3,
                        null,
                        null,
                        seed,
                        true,
                        null,
                        null,
                        null)
                .withDefaults();
    }

    /** Two batches only: partly trained, so that some validation images are right and some wrong. */
    private static TaskSpec briefTask(long seed) {
        return new TaskSpec(
                        "synthetic",
                        "mlp",
                        2_000,
                        500,
                        null,
                        2,
                        64,
                        "adam",
                        1e-3,
                        null,
                        null,
                        seed,
                        false,
                        null,
                        null,
                        null)
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
        TaskSpec task = new TaskSpec(
                        "synthetic",
                        "mlp",
                        2_900,
                        500,
                        1,
                        null,
                        64,
                        null,
                        null,
                        null,
                        null,
                        1L,
                        false,
                        null,
                        null,
                        null)
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
                        "synthetic",
                        "cnn-medium",
                        512,
                        256,
                        null,
                        12,
                        32,
                        null,
                        null,
                        null,
                        null,
                        2L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults();
        TrialResult result = new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.CNN_MEDIUM, DATA)
                .run(e -> {}, () -> false);
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(result.epochs()).hasSize(1);
        assertThat(result.validationImages()).isEqualTo(256);
        assertThat(result.validationAccuracy()).as("10 classes: chance is 0.1").isGreaterThan(0.3);
    }

    /** The mean of p over the N × C entries is exactly 1 / C: the loss sees C = the number of groups. */
    @Test
    void aClassSubsetTrainsWithOneOutputPerClassOfTheSubset() {
        TaskSpec subset = briefTask(3).withClassGroups(List.of(List.of(0), List.of(1), List.of(8)));
        TaskSpec smaller = new TaskSpec(
                        "synthetic",
                        "mlp",
                        400,
                        100,
                        null,
                        2,
                        64,
                        "adam",
                        1e-3,
                        null,
                        null,
                        3L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults()
                .withClassGroups(List.of(List.of(0), List.of(1), List.of(8)));
        TrialResult result = train("p", smaller);
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(result.epochs().getFirst().trainLoss()).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(train("p", briefTask(3)).epochs().getFirst().trainLoss())
                .as("the dataset's 10 classes")
                .isCloseTo(1.0 / 10, within(1e-6));
        assertThat(result.validationImages()).isEqualTo(100);
        // 3 of 10 classes hold ≈ 900 of the 3,000 images: 2,000 + 500 is more than that.
        TrialResult tooMany = train("ce", subset);
        assertThat(tooMany.outcome()).isEqualTo(TrialOutcome.FAILED);
        assertThat(tooMany.message())
                .contains("2000 training + 500 validation")
                .contains("images of the classes in classGroups");
    }

    @Test
    void aTwoClassGroupingLearnsItsTwoClasses() {
        // Bands 0-4 against bands 5-9: every image is in a group, the task is binary.
        List<List<Integer>> halves = List.of(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8, 9));
        TrialResult result = train("ce", task(1, 7).withClassGroups(halves));
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(result.validationAccuracy()).isGreaterThan(0.9);
        assertThat(result.testAccuracy())
                .as("the test split relabelled the same way")
                .isGreaterThan(0.9);
        assertThat(result.validationImages()).isEqualTo(500);
        assertThat(train("ce", task(1, 7).withClassGroups(halves)).validationCorrect())
                .as("repeats")
                .isEqualTo(result.validationCorrect());
        // Two outputs: the larger of two softmax values is at least 1/2, whereas 10 barely trained outputs
        // are far less confident.
        assertThat(train("ce", briefTask(2).withClassGroups(halves)).meanConfidence())
                .isBetween(0.5, 1.0);
        assertThat(train("ce", briefTask(2)).meanConfidence()).isLessThan(0.4);
    }

    @Test
    void samplesPerClassCapsTheTrainingImagesAndLeavesTheValidationImages() {
        TaskSpec task = new TaskSpec(
                        "synthetic",
                        "mlp",
                        2_000,
                        500,
                        1,
                        null,
                        16,
                        "adam",
                        1e-3,
                        null,
                        null,
                        5L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults();
        assertThat(stepsOf(task)).as("2000 images, batch 16").isEqualTo(125);
        assertThat(stepsOf(task.withSamplesPerClass(5)))
                .as("5 images of each of 10 classes: 50 images, 3 batches of 16")
                .isEqualTo(3);
        TaskSpec fewer = new TaskSpec(
                        "synthetic",
                        "mlp",
                        400,
                        100,
                        1,
                        null,
                        16,
                        "adam",
                        1e-3,
                        null,
                        null,
                        5L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults()
                .withClassGroups(List.of(List.of(0, 1), List.of(2)));
        assertThat(stepsOf(fewer))
                .as("400 images of classes 0, 1 and 2, batch 16")
                .isEqualTo(25);
        assertThat(stepsOf(fewer.withSamplesPerClass(5)))
                .as("5 of each of the 2 groups: 10 images, one batch")
                .isEqualTo(1);
        assertThat(stepsOf(task.withSamplesPerClass(1_000)))
                .as("a cap above every class's count leaves the sample as it is")
                .isEqualTo(125);
        TrialResult capped = train("ce", task.withSamplesPerClass(5));
        assertThat(capped.outcome()).as(capped.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(capped.validationImages()).as("validation is not capped").isEqualTo(500);
    }

    /** The number of steps a task trains, as its progress reports them. */
    private static long stepsOf(TaskSpec task) {
        AtomicLong total = new AtomicLong(-1);
        TrainingProgress progress = new TrainingProgress() {
            @Override
            public void trained(long done, long all, int epoch) {
                total.set(all);
            }
        };
        TrialResult result = new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.MLP, DATA)
                .run(e -> {}, () -> false, progress);
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        return total.get();
    }

    @Test
    void aClassTheDatasetDoesNotHaveFailsTheTrialWithAClearMessage() {
        TrialResult result = train("ce", briefTask(1).withClassGroups(List.of(List.of(0), List.of(3, 12))));
        assertThat(result.outcome()).isEqualTo(TrialOutcome.FAILED);
        assertThat(result.message()).isEqualTo("class 12 does not exist: synthetic has 10 classes (0 to 9)");
        assertThat(result.failureKind()).isEqualTo(FailureKind.ENGINE_ERROR);
        assertThat(result.epochs()).isEmpty();
    }

    @Test
    void theInitialWeightsChecksumIsTheSeedsModelsAndClassCountsNotTheLosss() {
        String ce = train("ce", briefTask(3)).initialWeightsChecksum();
        assertThat(ce).matches("[0-9a-f]{64}");
        assertThat(train("ngl", briefTask(3)).initialWeightsChecksum())
                .as("another loss, the same start")
                .isEqualTo(ce);
        assertThat(train("focal", task(1, 3)).initialWeightsChecksum())
                .as("another loss and length, the same seed, model and classes")
                .isEqualTo(ce);
        assertThat(train("ce", briefTask(4)).initialWeightsChecksum())
                .as("another seed")
                .isNotEqualTo(ce);

        List<List<Integer>> pairOne = List.of(List.of(0), List.of(1));
        String twoClasses = train("ce", briefTask(3).withClassGroups(pairOne)).initialWeightsChecksum();
        assertThat(twoClasses).as("2 outputs instead of 10").isNotEqualTo(ce);
        assertThat(train("ce", briefTask(3).withClassGroups(List.of(List.of(5, 6), List.of(9))))
                        .initialWeightsChecksum())
                .as("other classes, the same number of them")
                .isEqualTo(twoClasses);

        TrialResult diverged = train("exp(1000 * p) * y", briefTask(3));
        assertThat(diverged.outcome()).isEqualTo(TrialOutcome.DIVERGED);
        assertThat(diverged.initialWeightsChecksum())
                .as("a diverged trial started from the same weights")
                .isEqualTo(ce);
        assertThat(train(
                                "ce",
                                new TaskSpec(
                                                "synthetic",
                                                "mlp",
                                                2_900,
                                                500,
                                                1,
                                                null,
                                                64,
                                                null,
                                                null,
                                                null,
                                                null,
                                                1L,
                                                false,
                                                null,
                                                null,
                                                null)
                                        .withDefaults())
                        .initialWeightsChecksum())
                .as("a trial that never initialised has none")
                .isNull();
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
        TaskSpec task = new TaskSpec(
                        "synthetic",
                        "mlp",
                        2_000,
                        500,
                        null,
                        40,
                        64,
                        null,
                        null,
                        null,
                        null,
                        1L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults();
        List<EpochReport> seen = new ArrayList<>();
        TrialResult result =
                new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.MLP, DATA).run(seen::add, () -> false);
        assertThat(result.outcome()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(seen).hasSize(2).isEqualTo(result.epochs()); // 31 batches per epoch: 40 steps span 2 epochs
        assertThat(result.testAccuracy()).isNull();
    }
}
