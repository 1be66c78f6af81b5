package io.lossforge.loss;

/**
 * An element-wise loss expression f(p, y): a tree of {@link Constant}s, the {@link Variable}s {@code p}
 * (softmax probability of a class) and {@code y} (its one-hot target), and operator {@link Call}s.
 *
 * <p>Expressions are immutable values with structural equality. Their meaning is defined once, by
 * {@link Operator} and {@link Interpreter}, and that of a whole loss on a batch by {@link LossHead};
 * everything else (printers, evaluators, the DJL compiler) follows these definitions.
 */
public sealed interface Expression permits Constant, Variable, Call {

    /** Number of nodes in the tree (leaves included). */
    int size();

    /** Depth of the tree; a single leaf has depth 1. */
    int depth();

    /** Whether the variable occurs anywhere in this tree. */
    boolean contains(Variable variable);

    static Expression constant(double value) {
        return new Constant(value);
    }

    static Expression call(Operator operator, Expression... arguments) {
        return new Call(operator, java.util.List.of(arguments));
    }

    /** A call of an operator with a {@linkplain Operator#hasParameter() parameter}, e.g. {@code p^2}. */
    static Expression call(Operator operator, double parameter, Expression... arguments) {
        return new Call(operator, java.util.List.of(arguments), new Constant(parameter));
    }
}
