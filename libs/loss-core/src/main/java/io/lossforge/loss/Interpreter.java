package io.lossforge.loss;

import java.util.ArrayList;
import java.util.List;

/** Interprets an expression in any {@link Algebra}, following the {@link Operator} table. */
public final class Interpreter {

    private Interpreter() {}

    /**
     * The value of {@code expression} in {@code algebra}, with {@code p} and {@code y} bound to the
     * given values.
     */
    public static <T> T interpret(Expression expression, Algebra<T> algebra, T p, T y) {
        return switch (expression) {
            case Constant constant -> algebra.constant(constant.value());
            case Variable variable -> variable == Variable.P ? p : y;
            case Call call -> {
                List<T> arguments = new ArrayList<>(call.arguments().size());
                for (Expression argument : call.arguments()) {
                    arguments.add(interpret(argument, algebra, p, y));
                }
                yield call.operator().apply(algebra, arguments, call.parameter());
            }
        };
    }
}
