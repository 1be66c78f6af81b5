package io.lossforge.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskSpecTest {

    @Test
    void fillsDefaults() {
        TaskSpec task = TaskSpec.of("fashion-mnist", "mlp");
        assertThat(task.trainSamples()).isEqualTo(10_000);
        assertThat(task.epochs()).isEqualTo(1);
        assertThat(task.steps()).isNull();
        assertThat(task.optimizer()).isEqualTo("adam");
        assertThat(task.violations()).isEmpty();
    }

    @Test
    void stepsReplaceTheDefaultEpochs() {
        TaskSpec task = new TaskSpec(
                        "d", "mlp", null, null, null, 500, null, "SGD", null, null, null, null, null, null, null, null)
                .withDefaults();
        assertThat(task.epochs()).isNull();
        assertThat(task.steps()).isEqualTo(500);
        assertThat(task.optimizer()).isEqualTo("sgd");
        assertThat(task.violations()).isEmpty();
    }

    @Test
    void namesEveryBrokenLimit() {
        TaskSpec task =
                new TaskSpec(" ", null, 0, 200_000, 2, 3, 5_000, "rmsprop", -1.0, 1.0, 2.0, 7L, true, null, null, null);
        assertThat(task.violations())
                .extracting(Violation::field)
                .containsExactly(
                        "dataset",
                        "model",
                        "trainSamples",
                        "validationSamples",
                        "steps",
                        "batchSize",
                        "optimizer",
                        "learningRate",
                        "momentum",
                        "weightDecay");
        assertThat(task.violations().get(2).toString()).isEqualTo("trainSamples must be between 1 and 1000000");
    }

    @Test
    void rejectsNaNRates() {
        TaskSpec task = new TaskSpec(
                "d", "mlp", null, null, null, null, null, null, Double.NaN, null, null, null, null, null, null, null);
        assertThat(task.violations()).extracting(Violation::field).containsExactly("learningRate");
    }

    @Test
    void canonicalJsonHasSortedKeysAndDefaults() {
        assertThat(TaskSpec.of("fashion-mnist", "mlp").canonicalJson())
                .isEqualTo("{\"batchSize\":128,"
                        + "\"dataset\":\"fashion-mnist\",\"epochs\":1,\"evaluateTest\":false,\"learningRate\":0.001,"
                        + "\"model\":\"mlp\",\"momentum\":0.9,\"optimizer\":\"adam\",\"seed\":0,\"steps\":null,"
                        + "\"trainSamples\":10000,\"validationSamples\":2000,\"weightDecay\":0.0}");
    }

    /**
     * The round-1 values, computed with the round-1 TaskSpec (before any field was added): the evaluation
     * cache is keyed by the fingerprint, so a new task field must leave these texts and hashes as they are,
     * or every evaluation stored so far stops being found. Never recompute these literals.
     */
    @Test
    void round1TasksKeepTheirCanonicalJsonAndFingerprint() {
        TaskSpec defaults = TaskSpec.of("fashion-mnist", "mlp");
        assertThat(defaults.canonicalJson())
                .isEqualTo("{\"batchSize\":128,\"dataset\":\"fashion-mnist\",\"epochs\":1,\"evaluateTest\":false,"
                        + "\"learningRate\":0.001,\"model\":\"mlp\",\"momentum\":0.9,\"optimizer\":\"adam\",\"seed\":0,"
                        + "\"steps\":null,\"trainSamples\":10000,\"validationSamples\":2000,\"weightDecay\":0.0}");
        assertThat(defaults.fingerprint())
                .isEqualTo("3dc98224d651301690c7db7f639b5c4a83553ee88007d25f112b7f6fe03f5c1f");

        TaskSpec everyField = new TaskSpec(
                "cifar-10",
                "resnet-mini",
                5_000,
                1_000,
                null,
                300,
                64,
                "SGD",
                0.05,
                0.8,
                1e-4,
                42L,
                true,
                null,
                null,
                null);
        assertThat(everyField.canonicalJson())
                .isEqualTo("{\"batchSize\":64,\"dataset\":\"cifar-10\",\"epochs\":null,\"evaluateTest\":true,"
                        + "\"learningRate\":0.05,\"model\":\"resnet-mini\",\"momentum\":0.8,\"optimizer\":\"sgd\","
                        + "\"seed\":42,\"steps\":300,\"trainSamples\":5000,\"validationSamples\":1000,"
                        + "\"weightDecay\":1.0E-4}");
        assertThat(everyField.fingerprint())
                .isEqualTo("f07e7f751d1903299f21fcc5974dadaed50f5f6fdc51cfcc64dead998782a316");
    }

    @Test
    void fingerprintIdentifiesTheTrainingNotItsSpelling() {
        TaskSpec implicit = new TaskSpec(
                "d", "mlp", null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        TaskSpec explicit = new TaskSpec(
                "d", "mlp", 10_000, 2_000, 1, null, 128, "ADAM", 1e-3, 0.9, 0.0, 0L, false, null, null, null);
        assertThat(explicit.fingerprint()).isEqualTo(implicit.fingerprint()).hasSize(64);
        TaskSpec otherSeed = new TaskSpec(
                "d", "mlp", null, null, null, null, null, null, null, null, null, 1L, null, null, null, null);
        assertThat(otherSeed.fingerprint()).isNotEqualTo(implicit.fingerprint());
        assertThat(new TaskSpec(
                                "d\"x", "mlp", null, null, null, null, null, null, null, null, null, null, null, null,
                                null, null)
                        .canonicalJson())
                .contains("\"dataset\":\"d\\\"x\"");
    }

    @Test
    void derivedTasksHaveNoDefaultsToFillAndKeepTheirFields() {
        TaskSpec task = TaskSpec.of("cifar-10", "mlp");
        assertThat(task.classGroups()).isNull();
        assertThat(task.samplesPerClass()).isNull();
        TaskSpec derived = task.withClassGroups(List.of(List.of(0, 1, 8, 9), List.of(2, 3, 4, 5, 6, 7)))
                .withSamplesPerClass(100);
        assertThat(derived.withDefaults()).isEqualTo(derived);
        assertThat(derived.classGroups()).hasSize(2);
        assertThat(derived.samplesPerClass()).isEqualTo(100);
        assertThat(derived.outputClasses(10)).isEqualTo(2);
        assertThat(task.outputClasses(10)).isEqualTo(10);
        assertThat(derived.violations()).isEmpty();
        assertThat(task.withClassGroups(List.of(List.of(0), List.of(1), List.of(8)))
                        .violations())
                .as("a class subset is groups of one")
                .isEmpty();
    }

    @Test
    void newKeysAppearSortedInTheCanonicalJsonOnlyWhenSet() {
        TaskSpec task = TaskSpec.of("fashion-mnist", "mlp");
        TaskSpec grouped = task.withClassGroups(List.of(List.of(9, 8, 1, 0), List.of(2, 3)));
        assertThat(grouped.canonicalJson())
                .as("between batchSize and dataset, each group's indices ascending, no spaces")
                .startsWith("{\"batchSize\":128,\"classGroups\":[[0,1,8,9],[2,3]],\"dataset\":\"fashion-mnist\",")
                .doesNotContain("samplesPerClass");
        TaskSpec capped = task.withSamplesPerClass(50);
        assertThat(capped.canonicalJson())
                .contains(",\"optimizer\":\"adam\",\"samplesPerClass\":50,\"seed\":0,")
                .doesNotContain("classGroups");
        assertThat(grouped.withSamplesPerClass(50).canonicalJson())
                .isEqualTo("{\"batchSize\":128,\"classGroups\":[[0,1,8,9],[2,3]],\"dataset\":\"fashion-mnist\","
                        + "\"epochs\":1,\"evaluateTest\":false,\"learningRate\":0.001,\"model\":\"mlp\","
                        + "\"momentum\":0.9,\"optimizer\":\"adam\",\"samplesPerClass\":50,\"seed\":0,\"steps\":null,"
                        + "\"trainSamples\":10000,\"validationSamples\":2000,\"weightDecay\":0.0}");
        // Null is the default: setting it explicitly is the round-1 task.
        assertThat(task.withClassGroups(null).withSamplesPerClass(null).fingerprint())
                .isEqualTo(task.fingerprint());
    }

    @Test
    void theDerivationChangesTheFingerprintAndOnlyTheGroupOrderCounts() {
        TaskSpec task = TaskSpec.of("fashion-mnist", "mlp");
        TaskSpec grouped = task.withClassGroups(List.of(List.of(0, 1), List.of(2)));
        assertThat(grouped.fingerprint()).isNotEqualTo(task.fingerprint()).hasSize(64);
        assertThat(task.withSamplesPerClass(10).fingerprint())
                .isNotEqualTo(task.fingerprint())
                .isNotEqualTo(task.withSamplesPerClass(11).fingerprint());
        assertThat(grouped.withSamplesPerClass(10).fingerprint())
                .isNotEqualTo(grouped.fingerprint())
                .isNotEqualTo(task.withSamplesPerClass(10).fingerprint());
        assertThat(task.withClassGroups(List.of(List.of(1, 0), List.of(2))).fingerprint())
                .as("the order within a group does not change the training")
                .isEqualTo(grouped.fingerprint());
        assertThat(task.withClassGroups(List.of(List.of(2), List.of(0, 1))).fingerprint())
                .as("the order of the groups numbers the output classes")
                .isNotEqualTo(grouped.fingerprint());
    }

    @Test
    void namesBrokenGroupsAndCaps() {
        TaskSpec task = TaskSpec.of("fashion-mnist", "mlp");
        assertThat(task.withClassGroups(List.of(List.of(0, 1, 2))).violations())
                .singleElement()
                .hasToString("classGroups needs at least 2 groups (one per output class), got 1");
        assertThat(task.withClassGroups(List.of()).violations())
                .extracting(Violation::field)
                .containsExactly("classGroups");
        assertThat(task.withClassGroups(List.of(List.of(0), List.of())).violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("group 1 is empty"));
        assertThat(task.withClassGroups(Arrays.asList(List.of(0), null)).violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("group 1 is empty"));
        assertThat(task.withClassGroups(List.of(List.of(0), List.of(-1))).violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("group 1 holds -1"));
        assertThat(task.withClassGroups(List.of(List.of(0), Arrays.asList(1, null)))
                        .violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("group 1 holds null"));
        assertThat(task.withClassGroups(List.of(List.of(0, 3), List.of(1, 3))).violations())
                .singleElement()
                .hasToString("classGroups class 3 is named twice: each class is in one group");
        assertThat(task.withClassGroups(List.of(List.of(4, 4), List.of(1))).violations())
                .extracting(Violation::field)
                .containsExactly("classGroups");
        assertThat(task.withSamplesPerClass(0).violations())
                .singleElement()
                .hasToString("samplesPerClass must be between 1 and " + TaskSpec.MAX_SAMPLES_PER_CLASS);
        assertThat(task.withSamplesPerClass(TaskSpec.MAX_SAMPLES_PER_CLASS + 1).violations())
                .extracting(Violation::field)
                .containsExactly("samplesPerClass");
        assertThat(task.withSamplesPerClass(1).violations()).isEmpty();
    }

    @Test
    void theGroupsAreCopiedNotShared() {
        List<Integer> first = new ArrayList<>(List.of(0, 1));
        List<List<Integer>> groups = new ArrayList<>(List.of(first, List.of(2)));
        TaskSpec task = TaskSpec.of("d", "mlp").withClassGroups(groups);
        first.add(2);
        groups.add(List.of(3));
        assertThat(task.classGroups()).isEqualTo(List.of(List.of(0, 1), List.of(2)));
        assertThat(task).isEqualTo(TaskSpec.of("d", "mlp").withClassGroups(List.of(List.of(0, 1), List.of(2))));
    }

    @Test
    void furtherTasksAppearInTheCanonicalJsonOnlyWhenSetAndAreCheckedOneByOne() {
        TaskSpec plain = TaskSpec.of("fashion-mnist", "mlp");
        TaskSpec other = TaskSpec.of("cifar-10", "cnn-small");
        TaskSpec multi = plain.withFitnessTasks(java.util.List.of(other));
        assertThat(plain.canonicalJson()).doesNotContain("fitnessTasks");
        assertThat(multi.canonicalJson())
                .isEqualTo(plain.canonicalJson()
                        .replace(
                                ",\"learningRate\"",
                                ",\"fitnessTasks\":[" + other.canonicalJson() + "],\"learningRate\""));
        assertThat(multi.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(multi.withDefaults().fitnessTasks().getFirst().trainSamples())
                .as("defaults reach the further tasks")
                .isEqualTo(TaskSpec.DEFAULT_TRAIN_SAMPLES);
        assertThat(multi.violations()).isEmpty();

        TaskSpec broken = plain.withFitnessTasks(
                java.util.List.of(other.withSamplesPerClass(0), other.withFitnessTasks(java.util.List.of(plain))));
        assertThat(broken.violations().stream().map(Violation::field))
                .containsExactly("fitnessTasks[0].samplesPerClass", "fitnessTasks[1].fitnessTasks");
        assertThat(plain.withFitnessTasks(java.util.List.of(other, other, other, other))
                        .violations())
                .extracting(Violation::field)
                .containsExactly("fitnessTasks");
        assertThat(plain.withFitnessTasks(java.util.List.of()).violations())
                .extracting(Violation::field)
                .containsExactly("fitnessTasks");
    }
}
