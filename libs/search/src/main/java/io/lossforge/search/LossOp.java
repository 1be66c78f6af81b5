package io.lossforge.search;

import io.jenetics.prog.op.Op;
import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.Numbers;
import java.util.List;
import java.util.Objects;

/**
 * A loss-core {@link Operator} as a Jenetics program node, with the call's constant parameter (the
 * exponent of {@code ^}) inside the node, as in loss-core's {@link Call}: crossover and mutation can then
 * never put a non-constant into an exponent. Evaluation goes through loss-core's {@link
 * ReferenceEvaluator}, so a Jenetics program means exactly what the loss language says (Jenetics' own
 * {@code MathOp} division, log, sqrt and pow are unprotected and are never used).
 *
 * @param operator  the loss-core operator
 * @param parameter the constant parameter if the operator {@linkplain Operator#hasParameter() has one},
 *                  else null
 */
record LossOp(Operator operator, Constant parameter) implements Op<Double> {

    LossOp {
        Objects.requireNonNull(operator, "operator");
        if (operator.hasParameter() != (parameter != null)) {
            throw new IllegalArgumentException(operator + (parameter == null ? " needs" : " takes no") + " parameter");
        }
    }

    static LossOp of(Operator operator) {
        return new LossOp(operator, null);
    }

    @Override
    public String name() {
        return parameter == null ? operator.toString() : operator + Numbers.format(parameter.value());
    }

    @Override
    public int arity() {
        return operator.arity();
    }

    /** The operator applied to {@code args}, evaluated as loss-core evaluates {@code operator(p, y)}. */
    @Override
    public Double apply(Double[] args) {
        List<Expression> variables = arity() == 1 ? List.of(Variable.P) : List.of(Variable.P, Variable.Y);
        return ReferenceEvaluator.entry(
                        new Call(operator, variables, parameter), args[0], args.length > 1 ? args[1] : 0.0)
                .value();
    }

    @Override
    public String toString() {
        return name();
    }
}
