package io.lossforge.loss;

import java.util.List;

/**
 * An operator applied to its arguments. The argument count must match the operator's arity; an
 * operator that {@linkplain Operator#hasParameter() has a parameter} (the exponent of {@code ^})
 * carries it as a {@link Constant}, every other operator has none (null).
 *
 * <p>The parameter counts as one node in {@link #size()}, as it does in the written text.
 */
public record Call(Operator operator, List<Expression> arguments, Constant parameter) implements Expression {

    public Call {
        arguments = List.copyOf(arguments);
        if (arguments.size() != operator.arity()) {
            throw new IllegalArgumentException(
                    operator.symbol() + " takes " + operator.arity() + " argument(s), got " + arguments.size());
        }
        if (operator.hasParameter() != (parameter != null)) {
            throw new IllegalArgumentException(
                    operator.hasParameter()
                            ? "'" + operator.symbol() + "' takes a constant parameter"
                            : operator.symbol() + " takes no parameter");
        }
    }

    /** A call of an operator without parameter. */
    public Call(Operator operator, List<Expression> arguments) {
        this(operator, arguments, null);
    }

    public Expression argument(int index) {
        return arguments.get(index);
    }

    @Override
    public int size() {
        int size = parameter == null ? 1 : 2;
        for (Expression argument : arguments) {
            size += argument.size();
        }
        return size;
    }

    @Override
    public int depth() {
        int deepest = 0;
        for (Expression argument : arguments) {
            deepest = Math.max(deepest, argument.depth());
        }
        return deepest + 1;
    }

    @Override
    public boolean contains(Variable variable) {
        for (Expression argument : arguments) {
            if (argument.contains(variable)) {
                return true;
            }
        }
        return false;
    }
}
