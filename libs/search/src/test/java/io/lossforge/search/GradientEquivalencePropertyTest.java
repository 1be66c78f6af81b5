package io.lossforge.search;

import static io.lossforge.loss.equiv.ScaleInvariance.ADAM_NO_DECAY;
import static io.lossforge.loss.equiv.ScaleInvariance.EXACT;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.Operator;
import io.lossforge.loss.RandomExpressions;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.Variable;
import io.lossforge.loss.equiv.Equivalence;
import io.lossforge.loss.equiv.GradientFingerprint;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gradient equivalence over the search's own random trees ({@link RandomTrees}, the default limits):
 * rewrites that cannot change how a loss trains must come out equivalent with the same family key, and
 * rewrites that do change it must not.
 */
class GradientEquivalencePropertyTest {

    private static final int TREES = 120;

    private static List<Expression> trees(long seed) {
        SearchSpec spec = SearchSpec.defaults();
        RandomTrees trees = new RandomTrees(Limits.of(spec), new SplittableRandom(seed));
        List<Expression> out = new ArrayList<>();
        for (int i = 0; i < TREES; i++) {
            out.add(trees.ramped(i));
        }
        return out;
    }

    private static GradientFingerprint fingerprint(Expression expression, Reduction reduction) {
        return GradientFingerprint.of(new Loss(expression, reduction));
    }

    private static Expression plus(Expression expression, Expression term) {
        return Expression.call(Operator.ADD, expression, term);
    }

    private static void assertEquivalent(
            GradientFingerprint a, GradientFingerprint b, ScaleInvariance invariance, String what) {
        Equivalence equivalence = Equivalence.between(a, b, invariance);
        assertThat(equivalence.equivalent())
                .as("%s, %s [%s]: %s", a, what, invariance, equivalence.detail())
                .isTrue();
        assertThat(Equivalence.between(b, a, invariance).equivalent())
                .as("symmetry")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void rewritesThatCannotChangeTrainingAreEquivalentAndShareTheKey(Reduction reduction) {
        RandomExpressions commuter = new RandomExpressions(reduction.ordinal() + 7);
        int defined = 0;
        int moving = 0;
        for (Expression tree : trees(11 + reduction.ordinal())) {
            GradientFingerprint original = fingerprint(tree, reduction);
            if (!original.isDefined()) {
                assertThat(Equivalence.between(original, original, EXACT).equivalent())
                        .as("undefined %s is equivalent to nothing", original)
                        .isFalse();
                continue;
            }
            defined++;
            // Itself; a term without p (y, a constant, a constant expression); commuted operands; the
            // canonical form that LossHash identifies the loss by.
            List<Expression> sameGradient = List.of(
                    tree,
                    Simplifier.simplify(tree),
                    plus(tree, Variable.Y),
                    plus(tree, Expression.constant(1.5)),
                    Expression.call(Operator.SUB, tree, Expression.call(Operator.COS, Expression.constant(2))),
                    commuter.commute(tree));
            for (Expression other : sameGradient) {
                GradientFingerprint fingerprint = fingerprint(other, reduction);
                if (!fingerprint.isDefined()) {
                    // Only the float32 guard can tell them apart: the rewrites keep every value finite.
                    assertThat(fingerprint.undefinedReason().orElseThrow()).contains("float32");
                    continue;
                }
                String what = "vs " + InfixPrinter.print(other);
                assertEquivalent(original, fingerprint, EXACT, what);
                assertEquivalent(original, fingerprint, ADAM_NO_DECAY, what);
                assertThat(fingerprint.familyKey()).as(what).isEqualTo(original.familyKey());
            }
            // Twice the loss: the same training under Adam without decay only, unless nothing moves at all.
            GradientFingerprint twice =
                    fingerprint(Expression.call(Operator.MUL, Expression.constant(2), tree), reduction);
            GradientFingerprint negated = fingerprint(Expression.call(Operator.NEG, tree), reduction);
            if (twice.isDefined()) {
                assertEquivalent(original, twice, ADAM_NO_DECAY, "vs twice");
                assertThat(twice.familyKey()).isEqualTo(original.familyKey());
            }
            boolean allZero = Equivalence.between(original, original, EXACT)
                    .detail()
                    .equals("both gradients are ≈ 0 on every probe row");
            if (!allZero) {
                moving++;
                if (twice.isDefined()) {
                    assertThat(Equivalence.between(original, twice, EXACT).equivalent())
                            .as("2 * %s [EXACT]", original)
                            .isFalse();
                }
                // Gradient ascent is never the same loss.
                for (ScaleInvariance invariance : ScaleInvariance.values()) {
                    assertThat(Equivalence.between(original, negated, invariance)
                                    .equivalent())
                            .as("-(%s) [%s]", original, invariance)
                            .isFalse();
                }
            }
        }
        // The sample exercises the interesting cases: mostly defined trees, most with a moving gradient.
        assertThat(defined).isGreaterThan(TREES / 2);
        assertThat(moving).isGreaterThan(defined / 2);
    }
}
