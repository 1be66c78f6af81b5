package io.lossforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Operator;
import io.lossforge.loss.RandomExpressions;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.Variable;
import io.lossforge.loss.eval.Evaluation;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.InfixPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The compiled DJL loss against the reference evaluator: value and autograd gradient, 1e-5 relative. */
class CompiledLossTest {

    private static final double TOLERANCE = 1e-5;
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Each operator applied to arguments that depend on p and y, away from guards and kinks. */
    static Stream<Loss> operatorLosses() {
        Expression a = Parser.parse("2 * p - 0.45 + 0.3 * y");
        Expression b = Parser.parse("p * p + 0.7 * y - 0.2");
        List<Loss> losses = new ArrayList<>();
        for (Operator operator : Operator.values()) {
            List<Expression> calls = operator.hasParameter()
                    ? Stream.of(3.0, -2.0, 0.5, 1.5)
                            .map(e -> Expression.call(operator, e, a))
                            .toList()
                    : List.of(operator.arity() == 1 ? Expression.call(operator, a) : Expression.call(operator, a, b));
            for (Expression call : calls) {
                for (Reduction reduction : Reduction.values()) {
                    losses.add(new Loss(call, reduction));
                }
            }
        }
        return losses.stream();
    }

    static Stream<Loss> catalogLosses() {
        return LossCatalog.entries().stream().map(LossCatalog.Entry::loss);
    }

    @ParameterizedTest
    @MethodSource({"operatorLosses", "catalogLosses"})
    void agreesWithTheReferenceEvaluator(Loss loss) {
        for (long seed = 1; seed <= 3; seed++) {
            Comparison comparison = compare(loss, seed, DataType.FLOAT64);
            assertClose(comparison, TOLERANCE, InfixPrinter.print(loss.expression()));
        }
    }

    @Test
    void agreesOnRandomExpressions() {
        RandomExpressions random = new RandomExpressions(11);
        int compared = 0;
        int trees = 300;
        for (int i = 0; i < trees; i++) {
            Loss loss = new Loss(random.next(5), i % 2 == 0 ? Reduction.MEAN : Reduction.SUM);
            if (!loss.expression().contains(Variable.P)) {
                continue; // nothing to differentiate: autograd refuses, and training reports FAILED
            }
            Comparison comparison = compare(loss, i, DataType.FLOAT64);
            String text = InfixPrinter.print(loss.expression());
            if (Double.isFinite(comparison.reference().loss())) {
                assertThat(comparison.value())
                        .as("value of %s", text)
                        .isCloseTo(
                                comparison.reference().loss(),
                                within(TOLERANCE
                                        * Math.max(
                                                1,
                                                Math.abs(comparison.reference().loss()))));
            }
            // Where a guard meets an exact zero, autograd can produce 0 * inf = NaN where the reference
            // has a finite derivative; only fully finite pairs are compared, and they must be most.
            if (comparison.reference().isFinite() && isFinite(comparison.gradient())) {
                assertClose(comparison, TOLERANCE, text);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(trees / 2);
    }

    @Test
    void float32TrainingPrecisionStaysClose() {
        for (Loss loss : catalogLosses().toList()) {
            assertClose(compare(loss, 7, DataType.FLOAT32), 1e-4, InfixPrinter.print(loss.expression()));
        }
    }

    @Test
    void overflowIsReturnedNotThrown() {
        Comparison comparison =
                compare(new Loss(Parser.parse("exp(1000 * p) + y"), Reduction.MEAN), 1, DataType.FLOAT32);
        assertThat(comparison.value()).isInfinite();
    }

    /** A data-free expression is broadcast to all N × C entries: the sum reduction counts every class. */
    @Test
    void aDataIndependentExpressionBroadcasts() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = scope.create(new double[][] {{0.2, 0.8, 0.1}, {1, 2, 3}});
            NDArray labels = scope.create(new int[] {0, 2});
            for (Reduction reduction : Reduction.values()) {
                Loss loss = new Loss(Parser.parse("exp(1) + 1"), reduction);
                double value = new CompiledLoss(loss)
                        .evaluate(new NDList(labels), new NDList(logits))
                        .getDouble();
                assertThat(value)
                        .as(reduction.id())
                        .isCloseTo((Math.E + 1) * (reduction == Reduction.SUM ? 3 : 1), within(1e-12))
                        .isCloseTo(
                                ReferenceEvaluator.evaluate(
                                                loss, new double[][] {{0.2, 0.8, 0.1}, {1, 2, 3}}, new int[] {0, 2})
                                        .loss(),
                                within(1e-12));
            }
        }
    }

    private record Comparison(double value, double[][] gradient, Evaluation reference) {}

    private static Comparison compare(Loss loss, long seed, DataType type) {
        SplittableRandom random = new SplittableRandom(seed);
        int samples = 6;
        int classes = 5;
        double[][] logits = new double[samples][classes];
        int[] labels = new int[samples];
        for (int n = 0; n < samples; n++) {
            for (int k = 0; k < classes; k++) {
                logits[n][k] = random.nextDouble(-3, 3);
            }
            labels[n] = random.nextInt(classes);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(logits).toType(type, false);
            input.setRequiresGradient(true);
            NDArray target = scope.create(labels);
            // Through the process-wide recording lock: trials that other test classes started may still be
            // training on this JVM's slot threads.
            double value = Autograd.record(collector -> {
                NDArray result = new CompiledLoss(loss).evaluate(new NDList(target), new NDList(input));
                collector.backward(result);
                return result.toType(DataType.FLOAT64, false).getDouble();
            });
            double[] flat = input.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            double[][] gradient = new double[samples][classes];
            for (int n = 0; n < samples; n++) {
                System.arraycopy(flat, n * classes, gradient[n], 0, classes);
            }
            return new Comparison(value, gradient, ReferenceEvaluator.evaluate(loss, logits, labels));
        }
    }

    private static void assertClose(Comparison comparison, double tolerance, String what) {
        double expected = comparison.reference().loss();
        assertThat(comparison.value())
                .as("value of %s", what)
                .isCloseTo(expected, within(tolerance * Math.max(1e-3, Math.abs(expected))));
        double scale = Stream.of(comparison.reference().gradient())
                .flatMapToDouble(java.util.Arrays::stream)
                .map(Math::abs)
                .max()
                .orElse(0);
        for (int n = 0; n < comparison.gradient().length; n++) {
            for (int k = 0; k < comparison.gradient()[n].length; k++) {
                assertThat(comparison.gradient()[n][k])
                        .as("d/dz[%d][%d] of %s", n, k, what)
                        .isCloseTo(comparison.reference().gradient()[n][k], within(tolerance * Math.max(scale, 1e-6)));
            }
        }
    }

    private static boolean isFinite(double[][] values) {
        return Stream.of(values).flatMapToDouble(java.util.Arrays::stream).allMatch(Double::isFinite);
    }
}
