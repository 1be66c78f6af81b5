package io.lossforge.search;

import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.Numbers;
import io.jenetics.prog.op.Op;
import java.util.Objects;

/**
 * A loss-core {@link Operator} as a Jenetics program node. {@link Operator#POW} carries its constant
 * exponent inside the node and so has arity 1 in the tree: crossover and mutation can then never put a
 * non-constant into an exponent. Evaluation goes through loss-core's {@link ReferenceEvaluator}, so a
 * Jenetics program means exactly what the loss language says (Jenetics' own {@code MathOp} division,
 * log, sqrt and pow are unprotected and are never used).
 *
 * @param operator the loss-core operator
 * @param exponent the constant exponent of {@link Operator#POW}; null for every other operator
 */
record LossOp(Operator operator, Constant exponent) implements Op<Double> {

    LossOp {
        Objects.requireNonNull(operator, "operator");
        if ((operator == Operator.POW) != (exponent != null)) {
            throw new IllegalArgumentException("exactly '^' carries an exponent: " + operator + ", " + exponent);
        }
    }

    static LossOp of(Operator operator) {
        return new LossOp(operator, null);
    }

    static LossOp power(double exponent) {
        return new LossOp(Operator.POW, new Constant(exponent));
    }

    @Override
    public String name() {
        return exponent == null ? operator.toString() : "pow" + Numbers.format(exponent.value());
    }

    /** The number of child nodes in the tree (1 for '^', whose exponent lives in the node). */
    @Override
    public int arity() {
        return treeArity(operator);
    }

    static int treeArity(Operator operator) {
        return operator == Operator.POW ? 1 : operator.arity();
    }

    /** The operator applied to {@code args}, evaluated as loss-core evaluates {@code operator(p, y)}. */
    @Override
    public Double apply(Double[] args) {
        Expression template = exponent != null ? Expression.call(operator, Variable.P, exponent)
                : arity() == 1 ? Expression.call(operator, Variable.P)
                : Expression.call(operator, Variable.P, Variable.Y);
        return ReferenceEvaluator.entry(template, args[0], args.length > 1 ? args[1] : 0.0).value();
    }

    @Override
    public String toString() {
        return name();
    }
}
