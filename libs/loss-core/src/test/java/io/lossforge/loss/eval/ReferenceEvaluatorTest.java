package io.lossforge.loss.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.loss.Call;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference evaluator against an independent float64 implementation: each case restates f(p, y) by
 * hand from the documented semantics; the loss is reduced by hand and its gradient taken by central
 * finite differences on the logits.
 */
class ReferenceEvaluatorTest {

    private static final double H = 1e-5;
    private static final double TOLERANCE = 1e-6;

    // Independent restatements of the protected semantics (see Operator's documentation).
    private static double log(double x) {
        return Math.log(Math.max(Math.abs(x), 1e-7));
    }

    private static double sqrt(double x) {
        return Math.sqrt(Math.max(Math.abs(x), 1e-7));
    }

    private static double div(double a, double b) {
        return a / (Math.abs(b) < 1e-7 ? (b >= 0 ? 1e-7 : -1e-7) : b);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private record Case(String expression, Reduction reduction, DoubleBinaryOperator f) {
        @Override
        public String toString() {
            return expression + " [" + reduction.id() + "]";
        }
    }

    static Stream<Case> operatorCases() {
        return Stream.of(
                new Case("p + 2 * y", Reduction.MEAN, (p, y) -> p + 2 * y),
                new Case("(p - 0.3) * (y - p)", Reduction.SUM, (p, y) -> (p - 0.3) * (y - p)),
                new Case("(y + 1) / (p - 0.45)", Reduction.MEAN, (p, y) -> div(y + 1, p - 0.45)),
                new Case("-(p * y) + p", Reduction.SUM, (p, y) -> -(p * y) + p),
                new Case(
                        "p^3 - y * p^-2 + (p - 0.5)^1.5",
                        Reduction.MEAN,
                        (p, y) -> p * p * p - y / (p * p) + Math.pow(Math.abs(p - 0.5), 1.5)),
                new Case("exp(3 * p) * (1 + y)", Reduction.SUM, (p, y) -> Math.exp(3 * p) * (1 + y)),
                new Case("log(p - 0.4) * (y + 1)", Reduction.MEAN, (p, y) -> log(p - 0.4) * (y + 1)),
                new Case("sqrt(p - 0.2) + y * p", Reduction.SUM, (p, y) -> sqrt(p - 0.2) + y * p),
                new Case("abs(p - 0.3) * (1 + y)", Reduction.MEAN, (p, y) -> Math.abs(p - 0.3) * (1 + y)),
                new Case("sin(5 * p) + cos(4 * p) * y", Reduction.SUM, (p, y) -> Math.sin(5 * p) + Math.cos(4 * p) * y),
                new Case("tanh(3 * p - 1) * (y + 0.5)", Reduction.MEAN, (p, y) -> Math.tanh(3 * p - 1) * (y + 0.5)),
                new Case("sigmoid(4 * p - 2) * (1 - 2 * y)", Reduction.SUM, (p, y) -> sigmoid(4 * p - 2) * (1 - 2 * y)),
                new Case("square(p - y)", Reduction.MEAN, (p, y) -> (p - y) * (p - y)),
                new Case(
                        "min(p, 0.25) * (1 + y) + max(p, 0.5 * y)",
                        Reduction.SUM,
                        (p, y) -> Math.min(p, 0.25) * (1 + y) + Math.max(p, 0.5 * y)),
                new Case("aq(p, y - 3 * p)", Reduction.MEAN, (p, y) -> p / Math.sqrt(1 + (y - 3 * p) * (y - 3 * p))));
    }

    static Stream<Case> catalogCases() {
        return Stream.of(
                new Case("ce", Reduction.SUM, (p, y) -> -y * log(p)),
                new Case(
                        "ngl",
                        Reduction.MEAN,
                        (p, y) -> Math.exp(2.4092 - p - p * y) - Math.cos(Math.cos(Math.sin(p)))),
                new Case("focal", Reduction.SUM, (p, y) -> -y * (1 - p) * (1 - p) * log(p)),
                new Case("poly1", Reduction.SUM, (p, y) -> -y * log(p) + y * (1 - p)),
                new Case("sce", Reduction.SUM, (p, y) -> -0.1 * y * log(p) + 4 * p * (1 - y)),
                new Case("baikal", Reduction.MEAN, (p, y) -> div(y, p) - log(p)),
                new Case("mse", Reduction.MEAN, (p, y) -> (p - y) * (p - y)));
    }

    static Stream<Arguments> allCases() {
        return Stream.concat(operatorCases(), catalogCases())
                .flatMap(c -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(c, seed)));
    }

    private static Loss lossOf(Case c) {
        Loss loss = LossCatalog.resolve(c.expression(), c.reduction());
        assertThat(loss.reduction()).isEqualTo(c.reduction());
        return loss;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("allCases")
    void valueAndGradientAgreeWithAnIndependentImplementation(Case c, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int samples = 4;
        int classes = 5;
        double[][] logits = new double[samples][classes];
        int[] labels = new int[samples];
        for (int n = 0; n < samples; n++) {
            for (int k = 0; k < classes; k++) {
                logits[n][k] = random.nextDouble(-3, 3);
            }
            labels[n] = random.nextInt(classes);
        }
        Evaluation evaluation = ReferenceEvaluator.evaluate(lossOf(c), logits, labels);

        double expected = independentLoss(c, logits, labels);
        assertThat(evaluation.loss())
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(TOLERANCE * Math.abs(expected)));

        double[][] numeric = finiteDifferences(c, logits, labels);
        double scale = Stream.of(numeric)
                .flatMapToDouble(java.util.Arrays::stream)
                .map(Math::abs)
                .max()
                .orElse(0);
        for (int n = 0; n < samples; n++) {
            for (int k = 0; k < classes; k++) {
                assertThat(evaluation.gradient()[n][k])
                        .as("d/dz[%d][%d]", n, k)
                        .isCloseTo(
                                numeric[n][k], org.assertj.core.data.Offset.offset(TOLERANCE * Math.max(scale, 1e-3)));
            }
        }
    }

    @Test
    void everyOperatorIsCovered() {
        Set<Operator> covered = EnumSet.noneOf(Operator.class);
        operatorCases().forEach(c -> collect(Parser.parse(c.expression()), covered));
        assertThat(covered).containsExactlyInAnyOrder(Operator.values());
    }

    @Test
    void everyCatalogLossIsCovered() {
        assertThat(catalogCases().map(Case::expression))
                .containsExactlyInAnyOrderElementsOf(LossCatalog.entries().stream()
                        .map(LossCatalog.Entry::name)
                        .toList());
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHot() {
        double[][] logits = {{0, 0, 0}, {1, 2, 3}};
        Evaluation ce = ReferenceEvaluator.evaluate(LossCatalog.resolve("ce", null), logits, new int[] {1, 2});
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat(ce.loss())
                .isCloseTo((Math.log(3) - Math.log(Math.exp(3) / z)) / 2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ce.gradient()[0])
                .containsExactly(new double[] {1 / 6.0, -1 / 3.0, 1 / 6.0}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ce.gradient()[1][2])
                .isCloseTo((Math.exp(3) / z - 1) / 2, org.assertj.core.data.Offset.offset(1e-12));
    }

    /**
     * The chain rule through the softmax without cancellation: a confident row keeps the relative accuracy
     * of its small entries (p_t − 1 must not be computed as a difference of numbers near 1), and a slope
     * that is the same for every class — p summed over the classes is 1 — gives exactly 0. Gradient
     * fingerprints rely on both.
     */
    @Test
    void theSoftmaxChainRuleDoesNotCancel() {
        Evaluation confident =
                ReferenceEvaluator.evaluate(LossCatalog.resolve("ce", null), new double[][] {{30, 0}}, new int[] {0});
        double other = 1 / (1 + Math.exp(30)); // p_1; the exact gradient is (p_0 - 1, p_1) = (-p_1, p_1)
        assertThat(confident.gradient()[0][0]).isCloseTo(-other, org.assertj.core.data.Offset.offset(1e-12 * other));
        assertThat(confident.gradient()[0][1]).isCloseTo(other, org.assertj.core.data.Offset.offset(1e-12 * other));

        double[][] logits = {{0.3, -2, 5, 1}, {8, -8, 0, 0.5}};
        for (Reduction reduction : Reduction.values()) {
            Evaluation flat =
                    ReferenceEvaluator.evaluate(LossCatalog.resolve("p", reduction), logits, new int[] {2, 0});
            assertThat(flat.gradient()).as(reduction.id()).isDeepEqualTo(new double[][] {{0, 0, 0, 0}, {0, 0, 0, 0}});
        }
    }

    @Test
    void protectedOperatorsHaveTheirDocumentedValuesAtTheBoundaries() {
        assertThat(entry("log(p)", 0, 0)).isEqualTo(Math.log(1e-7));
        assertThat(entry("sqrt(p - 1)", 0.75, 0)).isEqualTo(0.5);
        assertThat(entry("y / p", 0, 1)).isEqualTo(1e7);
        assertThat(entry("y / (0 - p)", 1e-9, 1)).isEqualTo(-1e7);
        assertThat(entry("y / (p - 0.5)", 0.5, 1)).isEqualTo(1e7);
        assertThat(entry("(p - 1)^3", 0, 0)).isEqualTo(-1);
        assertThat(entry("(p - 1)^0.5", 0.75, 0)).isEqualTo(0.5);
        assertThat(entry("exp(1000 * p)", 1, 0)).isInfinite();
        assertThat(ReferenceEvaluator.entry(Parser.parse("log(p)"), 0, 0).derivative())
                .isZero();
        assertThat(ReferenceEvaluator.entry(Parser.parse("abs(p)"), 0, 0).derivative())
                .isZero();
        assertThat(ReferenceEvaluator.entry(Parser.parse("max(p, 0.5)"), 0.5, 0).derivative())
                .isEqualTo(0.5);
    }

    @Test
    void rejectsMalformedBatchesWithClearMessages() {
        Loss ce = LossCatalog.resolve("ce", null);
        assertThatThrownBy(() -> ReferenceEvaluator.evaluate(ce, new double[][] {{1, 2}}, new int[] {2}))
                .hasMessage("label 2 of sample 0 is outside 0..1");
        assertThatThrownBy(() -> ReferenceEvaluator.evaluate(ce, new double[][] {{1, 2}, {1}}, new int[] {0, 0}))
                .hasMessage("logits row 1 has 1 classes, row 0 has 2");
        assertThatThrownBy(() -> ReferenceEvaluator.evaluate(ce, new double[][] {{1, 2}}, new int[] {0, 1}))
                .hasMessage("got 1 rows of logits but 2 labels");
        assertThatThrownBy(() -> ReferenceEvaluator.evaluate(ce, new double[][] {{1}}, new int[] {0}))
                .hasMessage("logits need at least 2 classes, got 1");
        assertThatThrownBy(() -> ReferenceEvaluator.evaluate(ce, new double[][] {{1, Double.NaN}}, new int[] {0}))
                .hasMessage("logits row 0 holds a non-finite value");
    }

    private static double entry(String expression, double p, double y) {
        return ReferenceEvaluator.entry(Parser.parse(expression), p, y).value();
    }

    private static void collect(Expression expression, Set<Operator> operators) {
        if (expression instanceof Call call) {
            operators.add(call.operator());
            call.arguments().forEach(argument -> collect(argument, operators));
        }
    }

    private static double independentLoss(Case c, double[][] logits, int[] labels) {
        double total = 0;
        int classes = logits[0].length;
        for (int n = 0; n < logits.length; n++) {
            double norm = 0;
            for (double z : logits[n]) {
                norm += Math.exp(z);
            }
            for (int k = 0; k < classes; k++) {
                total += c.f().applyAsDouble(Math.exp(logits[n][k]) / norm, k == labels[n] ? 1 : 0);
            }
        }
        return total / logits.length / (c.reduction() == Reduction.MEAN ? classes : 1);
    }

    private static double[][] finiteDifferences(Case c, double[][] logits, int[] labels) {
        double[][] gradient = new double[logits.length][logits[0].length];
        for (int n = 0; n < logits.length; n++) {
            for (int k = 0; k < logits[n].length; k++) {
                double saved = logits[n][k];
                logits[n][k] = saved + H;
                double up = independentLoss(c, logits, labels);
                logits[n][k] = saved - H;
                double down = independentLoss(c, logits, labels);
                logits[n][k] = saved;
                gradient[n][k] = (up - down) / (2 * H);
            }
        }
        return gradient;
    }
}
