package io.lossforge.loss;

import java.util.List;

/**
 * An operator applied to its arguments. The argument count must match the operator's arity, and the
 * exponent of {@link Operator#POW} must be a {@link Constant}.
 */
public record Call(Operator operator, List<Expression> arguments) implements Expression {

    public Call {
        arguments = List.copyOf(arguments);
        if (arguments.size() != operator.arity()) {
            throw new IllegalArgumentException(operator.symbol() + " takes " + operator.arity()
                    + " argument(s), got " + arguments.size());
        }
        if (operator == Operator.POW && !(arguments.get(1) instanceof Constant)) {
            throw new IllegalArgumentException("'^' takes a constant exponent");
        }
    }

    public Expression argument(int index) {
        return arguments.get(index);
    }

    @Override
    public int size() {
        int size = 1;
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
