package io.lossforge.api.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TrialResult#validationCorrectness()}: absent, consistent, and each way a report can contradict itself. */
class TrialResultCorrectnessTest {

    private static TrialResult succeeded(Double accuracy, Integer images, String bits) {
        return new TrialResult(
                TrialOutcome.SUCCEEDED,
                accuracy,
                0.4,
                null,
                0.7,
                List.of(),
                1000.0,
                2.0,
                null,
                null,
                null,
                images,
                bits);
    }

    private static String bits(int images, int correct) {
        boolean[] flags = new boolean[images];
        for (int i = 0; i < correct; i++) {
            flags[(i * 7) % images] = true; // 7 is prime to the sizes used: distinct images
        }
        return CorrectnessBits.of(flags).toBase64();
    }

    @Test
    void aReportWithoutTheFieldsHasNoCorrectness() {
        TrialResult older = new TrialResult(TrialOutcome.SUCCEEDED, 0.8, 0.5, null, 0.6, List.of(), 1.0, 1.0, null);
        assertThat(older.validationImages()).isNull();
        assertThat(older.validationCorrect()).isNull();
        assertThat(older.validationCorrectness()).isNull();
        assertThat(TrialResult.failed("boom", 1.0).validationCorrectness()).isNull();
    }

    @Test
    void consistentBitsDecode() {
        CorrectnessBits decoded = succeeded(0.75, 20, bits(20, 15)).validationCorrectness();
        assertThat(decoded.count()).isEqualTo(15);
        assertThat(decoded.size()).isEqualTo(20);
        // Another writer's rounding (0.7333… printed short) still names 11 of 15 images.
        assertThat(succeeded(0.733, 15, bits(15, 11)).validationCorrectness().count())
                .isEqualTo(11);
        // Without an accuracy there is nothing to compare with; the bits are still checked.
        assertThat(succeeded(null, 20, bits(20, 3)).validationCorrectness().count())
                .isEqualTo(3);
    }

    @Test
    void aCountThatContradictsTheAccuracyIsRefused() {
        assertThatThrownBy(() -> succeeded(0.75, 20, bits(20, 14)).validationCorrectness())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("marks 14 of 20")
                .hasMessageContaining("validationAccuracy 0.75");
        assertThatThrownBy(() -> succeeded(Double.NaN, 20, bits(20, 14)).validationCorrectness())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void halfAPairOrAnImpossibleSizeIsRefused() {
        assertThatThrownBy(() -> succeeded(0.75, 20, null).validationCorrectness())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("come together");
        assertThatThrownBy(() -> succeeded(0.75, null, bits(20, 15)).validationCorrectness())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("come together");
        assertThatThrownBy(() -> succeeded(0.75, 0, "").validationCorrectness())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validationImages must be positive");
    }

    @Test
    void badBitsNameTheField() {
        assertThatThrownBy(() -> succeeded(0.75, 25, bits(20, 15)).validationCorrectness())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("validationCorrect: ")
                .hasMessageContaining("25 images need 4");
        assertThatThrownBy(() -> succeeded(0.75, 20, "not base64!").validationCorrectness())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("validationCorrect: ")
                .hasMessageContaining("base64");
    }
}
