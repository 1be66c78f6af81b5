package io.lossforge.loss.simplify;

import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.Operator;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.InfixPrinter;
import java.util.Comparator;
import java.util.List;

/**
 * Simplifies an expression into its canonical form: constants folded (by the {@link Operator} table
 * itself), neutral elements and double negations removed, chains of {@code +} and {@code *} flattened,
 * and the operands of commutative operators in a fixed order.
 *
 * <p>Contract: wherever the original expression has a finite value, the simplified one has the same
 * value up to floating-point rounding (re-association of sums and products). Rules that rely on finite
 * operands ({@code x * 0 = 0}, {@code x - x = 0}) may turn a non-finite value into a finite one. The
 * result never has more nodes than the input and stays within {@link ExpressionLimits}.
 */
public final class Simplifier {

    /** Constants first, then by canonical text: a total, deterministic order of canonical operands. */
    private static final Comparator<Expression> CANONICAL_ORDER =
            Comparator.comparing((Expression e) -> !(e instanceof Constant)).thenComparing(InfixPrinter::print);

    private final boolean flatten;

    private Simplifier(boolean flatten) {
        this.flatten = flatten;
    }

    /** The canonical form of {@code expression}. */
    public static Expression simplify(Expression expression) {
        Expression flattened = new Simplifier(true).apply(expression);
        // Re-balancing a flattened chain can, rarely, add a level; then keep the input's nesting.
        return flattened.depth() <= ExpressionLimits.MAX_DEPTH ? flattened : new Simplifier(false).apply(expression);
    }

    private Expression apply(Expression expression) {
        if (!(expression instanceof Call call)) {
            return expression;
        }
        List<Expression> arguments = call.arguments().stream().map(this::apply).toList();
        Operator operator = call.operator();
        if (flatten && (operator == Operator.ADD || operator == Operator.MUL)) {
            return Chains.simplify(operator, arguments, CANONICAL_ORDER);
        }
        if (arguments.stream().allMatch(Constant.class::isInstance)) {
            Expression folded = fold(new Call(operator, arguments, call.parameter()));
            if (folded instanceof Constant) {
                return folded;
            }
        }
        return rewrite(new Call(operator, arguments, call.parameter()));
    }

    /** The constant value of a variable-free call, or the call itself if the value is not allowed. */
    static Expression fold(Call call) {
        double value = ReferenceEvaluator.entry(call, 0.0, 0.0).value();
        return ExpressionLimits.isAllowedConstant(value) ? new Constant(value) : call;
    }

    /** {@code call}'s arguments are already canonical. */
    private Expression rewrite(Call call) {
        Operator operator = call.operator();
        Expression a = call.argument(0);
        Expression b = operator.arity() > 1 ? call.argument(1) : null;
        switch (operator) {
            case NEG -> {
                if (a instanceof Call inner && inner.operator() == Operator.NEG) {
                    return inner.argument(0);
                }
            }
            case SUB -> {
                if (isConstant(b, 0)) {
                    return a;
                }
                if (isConstant(a, 0)) {
                    return apply(Expression.call(Operator.NEG, b));
                }
                if (b instanceof Call negated && negated.operator() == Operator.NEG) {
                    return apply(Expression.call(Operator.ADD, a, negated.argument(0)));
                }
                if (a.equals(b)) {
                    return new Constant(0);
                }
            }
            case DIV -> {
                if (isConstant(b, 1)) {
                    return a;
                }
                if (isConstant(b, -1)) {
                    return apply(Expression.call(Operator.NEG, a));
                }
                if (isConstant(a, 0)) {
                    return new Constant(0);
                }
            }
            case POW -> {
                if (isConstant(call.parameter(), 1)) {
                    return a;
                }
                if (isConstant(call.parameter(), 0)) {
                    return new Constant(1);
                }
            }
            case MIN, MAX -> {
                if (a.equals(b)) {
                    return a;
                }
            }
            default -> {}
        }
        if (operator.isCommutative() && CANONICAL_ORDER.compare(a, b) > 0) {
            return Expression.call(operator, b, a);
        }
        return call;
    }

    static boolean isConstant(Expression expression, double value) {
        return expression instanceof Constant constant && constant.value() == value;
    }
}
