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
        TaskSpec task = new TaskSpec("d", "mlp", null, null, null, 500, null, "SGD", null, null, null, null, null).withDefaults();
        assertThat(task.epochs()).isNull();
        assertThat(task.steps()).isEqualTo(500);
        assertThat(task.optimizer()).isEqualTo("sgd");
        assertThat(task.violations()).isEmpty();
    }

    @Test
    void namesEveryBrokenLimit() {
        TaskSpec task = new TaskSpec(" ", null, 0, 200_000, 2, 3, 5_000, "rmsprop", -1.0, 1.0, 2.0, 7L, true);
        assertThat(task.violations()).extracting(TaskSpec.Violation::field).containsExactly(
                "dataset", "model", "trainSamples", "validationSamples", "steps", "batchSize", "optimizer",
                "learningRate", "momentum", "weightDecay");
        assertThat(task.violations().get(2).toString()).isEqualTo("trainSamples must be between 1 and 1000000");
    }

    @Test
    void rejectsNaNRates() {
        TaskSpec task = new TaskSpec("d", "mlp", null, null, null, null, null, null, Double.NaN, null, null, null, null);
        assertThat(task.violations()).extracting(TaskSpec.Violation::field).containsExactly("learningRate");
    }
}
