package io.lossforge.search;

import io.jenetics.prog.op.Op;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The GP alphabet and how nodes are drawn from it: every loss-core {@link Operator} with equal
 * probability ({@code ^} with an exponent parameter from {@link #EXPONENTS}); leaves {@code p}, {@code y}, the
 * integers 1 and 2, and ephemeral constants uniform in ±{@link #CONSTANT_RANGE}, all rounded to
 * {@link #DECIMALS} decimals so that bred losses print as short, stable text.
 *
 * <p>Constants are drawn eagerly from the caller's generator. Jenetics' {@code EphemeralConst} draws
 * lazily, on first read, from a supplier without a generator argument, which would make the values
 * depend on when and where a tree is first read; it is therefore not used.
 */
final class Primitives {

    static final List<Double> EXPONENTS = List.of(2.0, 3.0, 0.5, -1.0);
    static final double CONSTANT_RANGE = 5.0;
    static final int DECIMALS = 4;
    /** Largest step a point mutation adds to a constant. */
    static final double CONSTANT_STEP = 0.5;

    private static final List<Operator> OPERATORS = List.of(Operator.values());
    private static final double SCALE = Math.pow(10, DECIMALS);

    private Primitives() {}

    /** Any operator node, the exponent of '^' included. */
    static Op<Double> operation(RandomGenerator random) {
        return operation(OPERATORS.get(random.nextInt(OPERATORS.size())), random);
    }

    /** An operator node with {@code arity} children in the tree. */
    static Op<Double> operation(int arity, RandomGenerator random) {
        List<Operator> fitting =
                OPERATORS.stream().filter(operator -> operator.arity() == arity).toList();
        return operation(fitting.get(random.nextInt(fitting.size())), random);
    }

    /** A leaf: p or y (2/7 each, so that most trees hold both), 1, 2 or an ephemeral constant (1/7 each). */
    static Op<Double> terminal(RandomGenerator random) {
        return Trees.leaf(
                switch (random.nextInt(7)) {
                    case 0, 1 -> Variable.P;
                    case 2, 3 -> Variable.Y;
                    case 4 -> new Constant(1);
                    case 5 -> new Constant(2);
                    default -> new Constant(round(random.nextDouble(-CONSTANT_RANGE, CONSTANT_RANGE)));
                });
    }

    /** A constant moved by a uniform step of at most {@link #CONSTANT_STEP}, rounded. */
    static double perturb(double value, RandomGenerator random) {
        return round(value + random.nextDouble(-CONSTANT_STEP, CONSTANT_STEP));
    }

    /** Rounded to {@link #DECIMALS} decimals; never -0.0. */
    static double round(double value) {
        return Math.round(value * SCALE) / SCALE + 0.0;
    }

    private static Op<Double> operation(Operator operator, RandomGenerator random) {
        return new LossOp(
                operator,
                operator.hasParameter() ? new Constant(EXPONENTS.get(random.nextInt(EXPONENTS.size()))) : null);
    }
}
