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
