package io.lossforge.loss.equiv;

import static io.lossforge.loss.equiv.ScaleInvariance.ADAM_NO_DECAY;
import static io.lossforge.loss.equiv.ScaleInvariance.EXACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.simplify.LossHash;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The equivalence decision on the cases that matter to the search: spellings that differ only by terms
 * without p (the demo's leaderboard), cross-entropy spelled four ways, pure scalings (equivalent only
 * where the optimizer ignores scale), losses that push every row the same way but weight rows
 * differently (never equivalent), clearly different losses, and non-finite gradients.
 */
class EquivalenceTest {

    private static GradientFingerprint fingerprint(String expression, Reduction reduction) {
        return GradientFingerprint.of(LossCatalog.resolve(expression, reduction));
    }

    private static Equivalence decide(GradientFingerprint a, GradientFingerprint b, ScaleInvariance invariance) {
        Equivalence forward = Equivalence.between(a, b, invariance);
        // Symmetric: the decision never depends on the order of the two losses.
        assertThat(Equivalence.between(b, a, invariance).equivalent())
                .as("symmetry: %s", forward.detail())
                .isEqualTo(forward.equivalent());
        return forward;
    }

    private static void assertAllEquivalent(List<GradientFingerprint> forms, ScaleInvariance invariance) {
        for (GradientFingerprint a : forms) {
            for (GradientFingerprint b : forms) {
                Equivalence equivalence = decide(a, b, invariance);
                assertThat(equivalence.equivalent())
                        .as("%s vs %s [%s]: %s", a, b, invariance, equivalence.detail())
                        .isTrue();
                assertThat(a.familyKey()).isEqualTo(b.familyKey()).isPresent();
            }
        }
    }

    /** The demo's top rows: {@code exp(1 - p*(1+y))} minus four terms without p train identically. */
    @ParameterizedTest
    @EnumSource(Reduction.class)
    void termsWithoutPDoNotChangeTheGradient(Reduction reduction) {
        List<GradientFingerprint> forms = List.of(
                        "exp(1 - p*(1+y)) - y",
                        "exp(1 - p*(1+y)) - cos(2)",
                        "exp(1 - p*(1+y)) - 1",
                        "exp(1 - p*(1+y)) - cos(cos(sin(2)))")
                .stream()
                .map(text -> fingerprint(text, reduction))
                .toList();
        assertAllEquivalent(forms, EXACT);
        assertAllEquivalent(forms, ADAM_NO_DECAY);
        assertThat(Equivalence.between(forms.get(0), forms.get(3), EXACT).detail())
                .isEqualTo("same gradient on every probe row");
    }

    @Test
    void crossEntropySpelledFourWaysIsOneLoss() {
        List<GradientFingerprint> forms = List.of(
                GradientFingerprint.of(LossCatalog.resolve("ce", null)),
                fingerprint("-(y*log(p))", Reduction.SUM),
                fingerprint("-(log(p)*y)", Reduction.SUM),
                fingerprint("-(y*log(p)) + 0.5", Reduction.SUM));
        assertAllEquivalent(forms, EXACT);
        assertAllEquivalent(forms, ADAM_NO_DECAY);
    }

    /**
     * Gradient equivalence sees more than the canonical form: {@code p} summed over the classes is 1, so
     * adding it changes the hash but not the gradient.
     */
    @Test
    void aTermWhoseClassSumIsConstantIsInvisible() {
        Loss ce = LossCatalog.resolve("ce", null);
        Loss plusP = LossCatalog.resolve("-(y*log(p)) + p", Reduction.SUM);
        assertThat(LossHash.of(plusP)).isNotEqualTo(LossHash.of(ce));
        Equivalence equivalence = decide(GradientFingerprint.of(ce), GradientFingerprint.of(plusP), EXACT);
        assertThat(equivalence.equivalent()).as(equivalence.detail()).isTrue();
        // A loss made only of such terms does not train at all: every row is exactly 0.
        GradientFingerprint p = fingerprint("p", Reduction.SUM);
        assertThat(decide(p, fingerprint("y + p", Reduction.MEAN), EXACT).detail())
                .isEqualTo("both gradients are ≈ 0 on every probe row");
        assertThat(decide(p, GradientFingerprint.of(ce), ADAM_NO_DECAY).equivalent())
                .isFalse();
    }

    @Test
    void aConstantFactorMattersUnlessAdamWithoutDecayTrains() {
        GradientFingerprint ce = GradientFingerprint.of(LossCatalog.resolve("ce", null));
        GradientFingerprint twice = fingerprint("2 * -(y*log(p))", Reduction.SUM);
        Equivalence adam = decide(ce, twice, ADAM_NO_DECAY);
        assertThat(adam.equivalent()).as(adam.detail()).isTrue();
        assertThat(adam.minScaleRatio()).isEqualTo(0.5);
        assertThat(adam.maxScaleRatio()).isEqualTo(0.5);
        Equivalence exact = decide(ce, twice, EXACT);
        assertThat(exact.equivalent()).isFalse();
        assertThat(exact.detail()).contains("norm ratio").contains("EXACT needs 1 ± 0.000001");
    }

    /** mean and sum of one expression differ by the factor C: one constant per class count. */
    @Test
    void theTwoReductionsDifferByTheClassCount() {
        GradientFingerprint sum = fingerprint("-(y*log(p))", Reduction.SUM);
        GradientFingerprint mean = fingerprint("-(y*log(p))", Reduction.MEAN);
        Equivalence adam = decide(sum, mean, ADAM_NO_DECAY);
        assertThat(adam.equivalent()).as(adam.detail()).isTrue();
        assertThat(adam.minScaleRatio()).isCloseTo(2.0, within(1e-12));
        assertThat(adam.maxScaleRatio()).isCloseTo(10.0, within(1e-12));
        assertThat(decide(sum, mean, EXACT).equivalent()).isFalse();
    }

    /** NGL's α only scales its exponential part: exp(α − p(1+y)) for two α train alike under Adam. */
    @Test
    void theExponentialPartOfNglIsAScaleFamily() {
        GradientFingerprint one = fingerprint("exp(1 - p*(1+y))", Reduction.MEAN);
        GradientFingerprint alpha = fingerprint("exp(2.4092 - p*(1+y))", Reduction.MEAN);
        Equivalence adam = decide(one, alpha, ADAM_NO_DECAY);
        assertThat(adam.equivalent()).as(adam.detail()).isTrue();
        assertThat(adam.minScaleRatio()).isCloseTo(Math.exp(1 - 2.4092), within(1e-12));
        assertThat(decide(one, alpha, EXACT).equivalent()).isFalse();
    }

    /**
     * Measured: cos(cos(sin p)) is nearly flat but not flat enough. Its derivative (up to about 0.3 on
     * [0, 1] against about 11 for the exponential part at p = 0) turns the per-row direction of NGL by a
     * cosine of 0.9995 on some 10-class rows (and changes the norm ratio by row): NGL is not equivalent
     * to its exponential part, under any optimizer — close, but not the same gradient.
     */
    @Test
    void nglIsNotItsExponentialPartAlone() {
        GradientFingerprint ngl = GradientFingerprint.of(LossCatalog.resolve("ngl", null));
        GradientFingerprint exponential = fingerprint("exp(2.4092 - p*(1+y))", Reduction.MEAN);
        for (ScaleInvariance invariance : ScaleInvariance.values()) {
            Equivalence equivalence = decide(ngl, exponential, invariance);
            assertThat(equivalence.equivalent()).as(equivalence.detail()).isFalse();
            assertThat(equivalence.detail()).startsWith("the directions differ");
            assertThat(equivalence.minCosine()).isBetween(0.999, 1 - 10 * Equivalence.COSINE_TOLERANCE);
        }
    }

    /**
     * Focal, Poly-1 and SCE depend on p only through the target's probability, so every row's gradient
     * points exactly where cross-entropy's does; they weight the rows differently (focal mutes confident
     * rows), and that changes the batch gradient: not equivalent, even under Adam. The family key, which
     * reads directions only, cannot tell Poly-1 from CE — the decision does.
     */
    @Test
    void aRowDependentScaleIsADifferentLoss() {
        GradientFingerprint ce = GradientFingerprint.of(LossCatalog.resolve("ce", null));
        for (String name : List.of("focal", "poly1", "sce")) {
            GradientFingerprint other = GradientFingerprint.of(LossCatalog.resolve(name, null));
            Equivalence equivalence = decide(ce, other, ADAM_NO_DECAY);
            assertThat(equivalence.equivalent()).as(name).isFalse();
            assertThat(equivalence.minCosine()).as(name).isGreaterThan(1 - 1e-12);
            assertThat(equivalence.detail()).as(name).contains("varies by row").contains("re-weights samples");
        }
        assertThat(GradientFingerprint.of(LossCatalog.resolve("poly1", null)).familyKey())
                .isEqualTo(ce.familyKey());
    }

    @Test
    void clearlyDifferentLossesAreNotEquivalent() {
        List<String[]> pairs = List.of(
                new String[] {"ce", "mse"},
                new String[] {"ce", "focal"},
                new String[] {"ce", "baikal"},
                new String[] {"ngl", "ce"},
                new String[] {"ngl", "mse"});
        for (String[] pair : pairs) {
            GradientFingerprint a = GradientFingerprint.of(LossCatalog.resolve(pair[0], null));
            GradientFingerprint b = GradientFingerprint.of(LossCatalog.resolve(pair[1], null));
            for (ScaleInvariance invariance : ScaleInvariance.values()) {
                assertThat(decide(a, b, invariance).equivalent())
                        .as("%s vs %s [%s]", pair[0], pair[1], invariance)
                        .isFalse();
            }
        }
        Equivalence mse = decide(
                GradientFingerprint.of(LossCatalog.resolve("ce", null)),
                GradientFingerprint.of(LossCatalog.resolve("mse", null)),
                ADAM_NO_DECAY);
        assertThat(mse.minCosine()).isLessThan(0.5);
    }

    @Test
    void everyCatalogLossIsItselfAndNoOther() {
        List<LossCatalog.Entry> entries = LossCatalog.entries();
        for (LossCatalog.Entry a : entries) {
            GradientFingerprint fa = GradientFingerprint.of(a.loss());
            assertThat(fa.isDefined()).as(a.name()).isTrue();
            for (LossCatalog.Entry b : entries) {
                GradientFingerprint fb = GradientFingerprint.of(b.loss());
                for (ScaleInvariance invariance : ScaleInvariance.values()) {
                    assertThat(decide(fa, fb, invariance).equivalent())
                            .as("%s vs %s [%s]", a.name(), b.name(), invariance)
                            .isEqualTo(a.name().equals(b.name()));
                }
            }
        }
    }

    @Test
    void aNonFiniteGradientIsEquivalentToNothingNotEvenItself() {
        // exp(exp(exp(10 p))) overflows for p > 0.66, and 0 * inf is NaN: the term vanishes only on paper.
        GradientFingerprint nan = fingerprint("-(y*log(p)) + 0 * exp(exp(exp(10 * p)))", Reduction.SUM);
        GradientFingerprint ce = GradientFingerprint.of(LossCatalog.resolve("ce", null));
        assertThat(nan.isDefined()).isFalse();
        assertThat(nan.familyKey()).isEmpty();
        assertThat(nan.undefinedReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("NaN").contains("the probe batch C = "));
        for (ScaleInvariance invariance : ScaleInvariance.values()) {
            assertThat(decide(nan, ce, invariance).equivalent()).isFalse();
            Equivalence self = decide(nan, nan, invariance);
            assertThat(self.equivalent()).isFalse();
            assertThat(self.detail()).contains("undefined").endsWith("equivalent to nothing");
            assertThat(self.minCosine()).isNaN();
        }
    }

    /** A term without p that overflows the trainer's float32 makes the trial diverge: not shareable. */
    @Test
    void aLossBeyondFloat32IsUndefined() {
        GradientFingerprint huge = fingerprint("-(y*log(p)) + exp(exp(5))", Reduction.SUM);
        assertThat(huge.isDefined()).isFalse();
        assertThat(huge.undefinedReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("float32"));
        assertThat(Equivalence.between(huge, GradientFingerprint.of(LossCatalog.resolve("ce", null)), EXACT)
                        .equivalent())
                .isFalse();
    }

    @Test
    void theOptimizerDecidesTheInvariance() {
        assertThat(ScaleInvariance.forOptimizer("adam", 0.0)).isEqualTo(ADAM_NO_DECAY);
        assertThat(ScaleInvariance.forOptimizer(" Adam ", 0.0)).isEqualTo(ADAM_NO_DECAY);
        assertThat(ScaleInvariance.forOptimizer("adam", 1e-4)).isEqualTo(EXACT);
        assertThat(ScaleInvariance.forOptimizer("sgd", 0.0)).isEqualTo(EXACT);
        assertThat(ScaleInvariance.forOptimizer(null, 0.0)).isEqualTo(EXACT);
    }
}
