package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenetics.ext.util.TreeNode;
import io.jenetics.prog.op.MathOp;
import io.jenetics.prog.op.Op;
import io.jenetics.prog.op.Program;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Operator;
import io.lossforge.loss.RandomExpressions;
import io.lossforge.loss.Variable;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.InfixPrinter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TreesTest {

    /** {@code operator} over p and y (or p and a constant exponent), nested once more to test children. */
    private static Expression sample(Operator operator, double exponent) {
        Expression inner = Expression.call(Operator.ADD, Variable.Y, new Constant(-2.4092));
        if (operator.hasParameter()) {
            return Expression.call(operator, exponent, inner);
        }
        return operator.arity() == 1 ? Expression.call(operator, inner) : Expression.call(operator, Variable.P, inner);
    }

    private static void assertRoundTrip(Expression expression) {
        TreeNode<Op<Double>> tree = Trees.toTree(expression);
        Expression back = Trees.toExpression(tree);
        assertThat(back).isEqualTo(expression);
        assertThat(InfixPrinter.print(back)).isEqualTo(InfixPrinter.print(expression));
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    void roundTripsEveryOperator(Operator operator) {
        assertRoundTrip(sample(operator, 2));
    }

    @Test
    void powerKeepsItsExponentInTheNode() {
        for (double exponent : new double[] {2, 3, 0.5, -1, 1.5, -0.25}) {
            Expression power = sample(Operator.POW, exponent);
            TreeNode<Op<Double>> tree = Trees.toTree(power);
            assertThat(tree.childCount()).isEqualTo(1);
            assertThat(tree.value()).isEqualTo(new LossOp(Operator.POW, new Constant(exponent)));
            assertRoundTrip(power);
        }
    }

    static Stream<LossCatalog.Entry> catalog() {
        return LossCatalog.entries().stream();
    }

    @ParameterizedTest
    @MethodSource("catalog")
    void roundTripsTheCatalog(LossCatalog.Entry entry) {
        assertRoundTrip(entry.loss().expression());
    }

    @Test
    void roundTripsRandomExpressions() {
        RandomExpressions random = new RandomExpressions(11);
        for (int i = 0; i < 500; i++) {
            assertRoundTrip(random.next(6));
        }
    }

    /** The Jenetics program computes what loss-core says, protected operators included. */
    @Test
    void programsEvaluateWithTheLossCoreMeaning() {
        RandomExpressions random = new RandomExpressions(12);
        double[] probabilities = {0.0, 1e-9, 0.3, 1.0};
        for (int i = 0; i < 300; i++) {
            Expression expression = random.next(5);
            TreeNode<Op<Double>> tree = Trees.toTree(expression);
            for (double p : probabilities) {
                for (double y : new double[] {0, 1}) {
                    assertThat(Program.eval(tree, p, y))
                            .as(InfixPrinter.print(expression))
                            .isEqualTo(
                                    ReferenceEvaluator.entry(expression, p, y).value());
                }
            }
        }
        assertThat(Program.eval(
                        Trees.toTree(LossCatalog.find("ce").orElseThrow().loss().expression()), 0.0, 1.0))
                .isEqualTo(-Math.log(Operator.EPSILON));
    }

    @Test
    void refusesForeignNodes() {
        TreeNode<Op<Double>> tree = TreeNode.<Op<Double>>of(MathOp.DIV)
                .attach(Trees.leaf(Variable.P))
                .attach(Trees.leaf(Variable.Y));
        assertThatThrownBy(() -> Trees.toExpression(tree))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a loss program node");
    }
}
