package io.lossforge.loss.simplify;

import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Operator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Canonical form of a chain of {@code +} or of {@code *}: all operands of nested same-operator calls
 * collected, their constants folded into one, neutral elements dropped, the rest sorted and rebuilt as
 * a balanced tree (so that the depth does not grow with the length of the chain).
 */
final class Chains {

    private Chains() {}

    /** {@code arguments} are already canonical. */
    static Expression simplify(Operator operator, List<Expression> arguments, Comparator<Expression> order) {
        List<Expression> operands = new ArrayList<>();
        for (Expression argument : arguments) {
            collect(operator, argument, operands);
        }
        double neutral = operator == Operator.ADD ? 0.0 : 1.0;
        Expression constant = new Constant(neutral);
        List<Expression> variables = new ArrayList<>();
        for (Expression operand : operands) {
            if (operand instanceof Constant) {
                Expression folded = Simplifier.fold((Call) Expression.call(operator, constant, operand));
                if (folded instanceof Constant) {
                    constant = folded;
                    continue;
                }
            }
            variables.add(operand);
        }
        if (operator == Operator.MUL && Simplifier.isConstant(constant, 0)) {
            return constant;
        }
        boolean negate = operator == Operator.MUL && Simplifier.isConstant(constant, -1);
        if (!Simplifier.isConstant(constant, neutral) && !negate) {
            variables.add(constant);
        }
        if (variables.isEmpty()) {
            return constant;
        }
        variables.sort(order);
        Expression chain = balanced(operator, variables, 0, variables.size());
        return negate ? negation(chain) : chain;
    }

    private static void collect(Operator operator, Expression expression, List<Expression> operands) {
        if (expression instanceof Call call && call.operator() == operator) {
            call.arguments().forEach(argument -> collect(operator, argument, operands));
        } else {
            operands.add(expression);
        }
    }

    /** Left half gets the extra operand, so three operands read {@code a + b + c}. */
    private static Expression balanced(Operator operator, List<Expression> operands, int from, int to) {
        int count = to - from;
        if (count == 1) {
            return operands.get(from);
        }
        int middle = from + (count + 1) / 2;
        return Expression.call(
                operator, balanced(operator, operands, from, middle), balanced(operator, operands, middle, to));
    }

    private static Expression negation(Expression expression) {
        if (expression instanceof Call call && call.operator() == Operator.NEG) {
            return call.argument(0);
        }
        return Expression.call(Operator.NEG, expression);
    }
}
