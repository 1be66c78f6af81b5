package io.lossforge.trainer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.TrialOutcome;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The training run's own result types become the libs/api wire types in one place (TrialRecord), by
 * name: an outcome added on one side only would fail there at run time, so it fails here first.
 */
class WireMappingTest {

    @Test
    void everyTrainingOutcomeIsAWireOutcome() {
        assertThat(Arrays.stream(io.lossforge.trainer.training.TrialOutcome.values())
                        .map(Enum::name))
                .containsExactlyElementsOf(
                        Arrays.stream(TrialOutcome.values()).map(Enum::name).toList());
    }
}
