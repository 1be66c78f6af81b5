package io.lossforge.loss.equiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.eval.ReferenceEvaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientFingerprintTest {

    private static final Loss CE = LossCatalog.resolve("ce", null);

    @Test
    void theStandardProbesAreSixFixedBatches() {
        ProbeSet probes = ProbeSet.STANDARD;
        assertThat(probes.batchCount()).isEqualTo(6);
        assertThat(probes.id()).isEqualTo("C=2,10;s=0.5,2,8;rows=64;seed=20260511");
        List<ProbeSet.Batch> batches = probes.batches();
        assertThat(batches).extracting(ProbeSet.Batch::classes).containsExactly(2, 2, 2, 10, 10, 10);
        assertThat(batches).extracting(ProbeSet.Batch::scale).containsExactly(0.5, 2.0, 8.0, 0.5, 2.0, 8.0);
        // The logits have the stated spread (the sample standard deviation of 64 × C draws).
        for (ProbeSet.Batch batch : batches) {
            double sum = 0;
            double squares = 0;
            int count = 0;
            for (double[] row : batch.logits()) {
                for (double z : row) {
                    sum += z;
                    squares += z * z;
                    count++;
                }
            }
            double deviation = Math.sqrt(squares / count - (sum / count) * (sum / count));
            assertThat(deviation / batch.scale()).as(batch.describe()).isBetween(0.75, 1.25);
            assertThat(java.util.Arrays.stream(batch.labels()))
                    .allMatch(label -> label >= 0 && label < batch.classes());
        }
        // A probe set is a function of its parameters: drawn again, the very same numbers.
        ProbeSet again = ProbeSet.of(List.of(2, 10), List.of(0.5, 2.0, 8.0), 64, 20260511L);
        assertThat(again).isEqualTo(probes).hasSameHashCodeAs(probes);
        for (int b = 0; b < 6; b++) {
            assertThat(again.batches().get(b).logits())
                    .isDeepEqualTo(batches.get(b).logits());
            assertThat(again.batches().get(b).labels()).isEqualTo(batches.get(b).labels());
        }
    }

    @Test
    void rowsAreUnitDirectionsAndNormsOfTheReferenceGradient() {
        GradientFingerprint fingerprint = GradientFingerprint.of(CE);
        ProbeSet.Batch batch = ProbeSet.STANDARD.batches().get(4); // C = 10, s = 2
        double[][] gradient =
                ReferenceEvaluator.evaluate(CE, batch.logits(), batch.labels()).gradient();
        for (int n = 0; n < batch.labels().length; n++) {
            double[] direction = fingerprint.direction(4, n);
            double norm = fingerprint.norm(4, n);
            assertThat(fingerprint.isZeroRow(4, n)).isFalse();
            double length = 0;
            for (int k = 0; k < direction.length; k++) {
                assertThat(direction[k] * norm).isCloseTo(gradient[n][k], within(1e-15));
                length += direction[k] * direction[k];
            }
            assertThat(length).isCloseTo(1.0, within(1e-12));
        }
        // Accessors hand out copies: the value cannot be changed from outside.
        fingerprint.direction(4, 0)[0] = 42;
        assertThat(fingerprint.direction(4, 0)[0]).isNotEqualTo(42);
    }

    /** At s = 8 some rows are saturated: their gradient is far below the batch's largest and counts as 0. */
    @Test
    void saturatedRowsCountAsZero() {
        GradientFingerprint focal = GradientFingerprint.of(LossCatalog.resolve("focal", null));
        int zero = 0;
        for (int n = 0; n < 64; n++) {
            if (focal.isZeroRow(2, n)) {
                zero++;
                assertThat(focal.direction(2, n)).containsOnly(0.0);
            }
        }
        assertThat(zero).isPositive();
    }

    /**
     * Family keys are stored in the database, so they must never change as a side effect: a change of the
     * probes, the rounding or the reference gradient that moves them needs a new key scheme.
     */
    @Test
    void familyKeysAreStable() {
        assertThat(GradientFingerprint.of(CE).familyKey()).hasValue("193ba0e56898c3b7");
        assertThat(GradientFingerprint.of(LossCatalog.resolve("ngl", null)).familyKey())
                .hasValue("6970bebe79ea6646");
        assertThat(GradientFingerprint.of(LossCatalog.resolve("mse", null)).familyKey())
                .hasValue("5967cf86c9d75641");
    }

    /** CIFAR-100: the task's own class count, where mean and sum of one loss differ by exactly the range's end. */
    @Test
    void aTaskWithItsOwnClassCountCanProbeAtIt() {
        ProbeSet hundred = ProbeSet.of(List.of(100), List.of(2.0), 16, 1L);
        GradientFingerprint ce = GradientFingerprint.of(CE, hundred);
        GradientFingerprint mean = GradientFingerprint.of(LossCatalog.resolve("ce", Reduction.MEAN), hundred);
        Equivalence equivalence = Equivalence.between(ce, mean, ScaleInvariance.ADAM_NO_DECAY);
        assertThat(equivalence.equivalent()).as(equivalence.detail()).isTrue();
        assertThat(equivalence.minScaleRatio()).isCloseTo(100.0, within(1e-9));
        assertThat(ce.familyKey()).isNotEqualTo(GradientFingerprint.of(CE).familyKey());
        // At 1,000 classes the factor between the reductions is beyond the range where Adam ignores it.
        ProbeSet thousand = ProbeSet.of(List.of(1_000), List.of(2.0), 4, 1L);
        Equivalence far = Equivalence.between(
                GradientFingerprint.of(CE, thousand),
                GradientFingerprint.of(LossCatalog.resolve("ce", Reduction.MEAN), thousand),
                ScaleInvariance.ADAM_NO_DECAY);
        assertThat(far.equivalent()).isFalse();
        assertThat(far.detail()).contains("constant norm ratio 1000").contains("outside [0.01, 100]");
        assertThatThrownBy(() -> Equivalence.between(ce, GradientFingerprint.of(CE), ScaleInvariance.EXACT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different probe sets");
    }

    @Test
    void probeSetsRefuseWhatCannotBeProbed() {
        assertThatThrownBy(() -> ProbeSet.of(List.of(), List.of(1.0), 8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classCounts");
        assertThatThrownBy(() -> ProbeSet.of(List.of(1), List.of(1.0), 8, 0)).hasMessageContaining("2..1000");
        assertThatThrownBy(() -> ProbeSet.of(List.of(2, 2), List.of(1.0), 8, 0)).hasMessageContaining("distinct");
        assertThatThrownBy(() -> ProbeSet.of(List.of(2), List.of(0.0), 8, 0))
                .hasMessageContaining("positive and finite");
        assertThatThrownBy(() -> ProbeSet.of(List.of(2), List.of(1.0), 0, 0)).hasMessageContaining("rows");
    }

    @Test
    void anUndefinedFingerprintHasNoRows() {
        GradientFingerprint undefined =
                GradientFingerprint.of(LossCatalog.resolve("y * exp(exp(exp(10 * p)))", Reduction.SUM));
        assertThat(undefined.isDefined()).isFalse();
        assertThatThrownBy(() -> undefined.norm(0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("undefined");
        assertThat(undefined.toString()).contains("undefined");
    }
}
