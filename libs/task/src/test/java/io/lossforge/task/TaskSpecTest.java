package io.lossforge.task;

import static org.assertj.core.api.Assertions.assertThat;

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
        TaskSpec task = new TaskSpec("d", "mlp", null, null, null, 500, null, "SGD", null, null, null, null, null)
                .withDefaults();
        assertThat(task.epochs()).isNull();
        assertThat(task.steps()).isEqualTo(500);
        assertThat(task.optimizer()).isEqualTo("sgd");
        assertThat(task.violations()).isEmpty();
    }

    @Test
    void namesEveryBrokenLimit() {
        TaskSpec task = new TaskSpec(" ", null, 0, 200_000, 2, 3, 5_000, "rmsprop", -1.0, 1.0, 2.0, 7L, true);
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
        TaskSpec task =
                new TaskSpec("d", "mlp", null, null, null, null, null, null, Double.NaN, null, null, null, null);
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

        TaskSpec everyField =
                new TaskSpec("cifar-10", "resnet-mini", 5_000, 1_000, null, 300, 64, "SGD", 0.05, 0.8, 1e-4, 42L, true);
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
        TaskSpec implicit = new TaskSpec("d", "mlp", null, null, null, null, null, null, null, null, null, null, null);
        TaskSpec explicit = new TaskSpec("d", "mlp", 10_000, 2_000, 1, null, 128, "ADAM", 1e-3, 0.9, 0.0, 0L, false);
        assertThat(explicit.fingerprint()).isEqualTo(implicit.fingerprint()).hasSize(64);
        TaskSpec otherSeed = new TaskSpec("d", "mlp", null, null, null, null, null, null, null, null, null, 1L, null);
        assertThat(otherSeed.fingerprint()).isNotEqualTo(implicit.fingerprint());
        assertThat(new TaskSpec("d\"x", "mlp", null, null, null, null, null, null, null, null, null, null, null)
                        .canonicalJson())
                .contains("\"dataset\":\"d\\\"x\"");
    }
}
