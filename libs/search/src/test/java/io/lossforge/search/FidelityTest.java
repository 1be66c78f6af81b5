package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.task.TaskSpec;
import io.lossforge.task.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class FidelityTest {

    private static final TaskSpec EPOCHS = new TaskSpec(
            "fashion-mnist", "mlp", 30_000, 5_000, 4, null, 128, null, null, null, null, 7L, null, null, null, null);
    private static final TaskSpec STEPS = new TaskSpec(
            "fashion-mnist",
            "mlp",
            30_000,
            5_000,
            null,
            1_000,
            128,
            null,
            null,
            null,
            null,
            7L,
            null,
            null,
            null,
            null);

    @Test
    void theTopRungIsTheSearchsTaskUnchangedAndLowerRungsSeeAFractionOfTheSamples() {
        Fidelity f = new Fidelity(3, 3);
        assertThat(f.taskAt(EPOCHS, 2)).isEqualTo(EPOCHS.withDefaults());
        assertThat(f.taskAt(EPOCHS, 2).fingerprint()).isEqualTo(EPOCHS.fingerprint());
        assertThat(f.taskAt(EPOCHS, 1).trainSamples()).isEqualTo(10_000);
        assertThat(f.taskAt(EPOCHS, 0).trainSamples()).isEqualTo(3_334); // 30000/9 rounded up
        // Everything else stays: same epochs, same validation images (same noise), same seed.
        TaskSpec low = f.taskAt(EPOCHS, 0);
        assertThat(low.epochs()).isEqualTo(4);
        assertThat(low.validationSamples()).isEqualTo(5_000);
        assertThat(low.seed()).isEqualTo(7L);
        assertThat(low.fingerprint()).isNotEqualTo(f.taskAt(EPOCHS, 1).fingerprint());
    }

    @Test
    void lowerRungsOfADerivedTaskKeepItsClassesAndCap() {
        TaskSpec derived =
                EPOCHS.withClassGroups(List.of(List.of(0, 2), List.of(1))).withSamplesPerClass(500);
        TaskSpec low = new Fidelity(2, 3).taskAt(derived, 0);
        assertThat(low.trainSamples()).isEqualTo(10_000);
        assertThat(low.classGroups()).isEqualTo(List.of(List.of(0, 2), List.of(1)));
        assertThat(low.samplesPerClass()).isEqualTo(500);
    }

    @Test
    void aStepBoundedTaskKeepsItsSamplesAndTrainsFewerSteps() {
        Fidelity f = new Fidelity(2, 4);
        TaskSpec low = f.taskAt(STEPS, 0);
        assertThat(low.steps()).isEqualTo(250);
        assertThat(low.trainSamples()).isEqualTo(30_000);
        assertThat(low.epochs()).isNull();
    }

    @Test
    void promotesTheTopOneOverEtaRoundedUp() {
        Fidelity f = new Fidelity(3, 3);
        assertThat(f.promoted(24)).isEqualTo(8);
        assertThat(f.promoted(8)).isEqualTo(3);
        assertThat(f.promoted(1)).isEqualTo(1);
        assertThat(f.promoted(0)).isZero();
        assertThat(f.divisor(0)).isEqualTo(9);
        assertThat(f.divisor(2)).isEqualTo(1);
        assertThatThrownBy(() -> f.divisor(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneRungIsTheDefaultAndSwitchesTheStageOff() {
        Fidelity f = SearchSpec.defaults().fidelity();
        assertThat(f).isEqualTo(Fidelity.OFF);
        assertThat(f.enabled()).isFalse();
        assertThat(f.taskAt(EPOCHS, 0)).isEqualTo(EPOCHS.withDefaults());
    }

    @Test
    void limitsAreNamedByField() {
        assertThat(spec(new Fidelity(6, 3)).violations())
                .containsExactly(new Violation("fidelity.rungs", "must be between 1 and 5"));
        assertThat(spec(new Fidelity(2, 1)).violations())
                .containsExactly(new Violation("fidelity.eta", "must be between 2 and 10"));
        // With the task: rung 0 must still hold a batch.
        TaskSpec small = new TaskSpec(
                "fashion-mnist",
                "mlp",
                1_000,
                null,
                null,
                null,
                128,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThat(new Fidelity(3, 3).violations(small))
                .singleElement()
                .satisfies(v -> assertThat(v.toString()).contains("rung 0 with 112 of 1000"));
        assertThat(new Fidelity(2, 3).violations(small)).isEmpty();
        TaskSpec tiny = new TaskSpec(
                "fashion-mnist",
                "mlp",
                100,
                null,
                null,
                null,
                128,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThat(Fidelity.OFF.violations(tiny))
                .as("one rung is the task as it is")
                .isEmpty();
    }

    private static SearchSpec spec(Fidelity fidelity) {
        return new SearchSpec(
                null, null, null, null, null, null, null, null, List.of(), null, null, null, fidelity, null, null);
    }

    @Test
    void rungsDoNotCombineWithAMultiTaskFitness() {
        TaskSpec multi = EPOCHS.withFitnessTasks(List.of(TaskSpec.of("cifar-10", "cnn-small")));
        assertThat(new Fidelity(3, 3).violations(multi))
                .extracting(io.lossforge.task.Violation::field)
                .containsExactly("fidelity.rungs");
        assertThat(new Fidelity(1, 3).violations(multi)).isEmpty();
    }
}
