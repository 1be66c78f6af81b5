package io.lossforge.loss;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random expression trees for property tests: every operator, constants rounded to 4 decimals (as the
 * search engine makes them), at most {@code maxDepth} levels, so that depth 6 stays within the limits.
 */
public final class RandomExpressions {

    private static final Operator[] OPERATORS = Operator.values();
    private static final double[] EXPONENTS = {-2, -1, 0, 1, 2, 3, 0.5, 1.5};

    private final SplittableRandom random;

    public RandomExpressions(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Expression next(int maxDepth) {
        if (maxDepth <= 1 || random.nextInt(4) == 0) {
            return leaf();
        }
        Operator operator = OPERATORS[random.nextInt(OPERATORS.length)];
        if (operator.hasParameter()) {
            Expression base = next(maxDepth - 1); // drawn before the exponent, as always
            return Expression.call(operator, EXPONENTS[random.nextInt(EXPONENTS.length)], base);
        }
        Expression[] arguments = new Expression[operator.arity()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = next(maxDepth - 1);
        }
        return Expression.call(operator, arguments);
    }

    private Expression leaf() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> Variable.P;
            case 2 -> Variable.Y;
            case 3 -> new Constant(random.nextInt(-3, 4));
            default -> new Constant(Math.round(random.nextDouble(-5, 5) * 1e4) / 1e4);
        };
    }

    /** The same tree with the operands of every commutative operator swapped at random. */
    public Expression commute(Expression expression) {
        if (!(expression instanceof Call call)) {
            return expression;
        }
        List<Expression> arguments =
                call.arguments().stream().map(this::commute).toList();
        if (call.operator().isCommutative() && random.nextBoolean()) {
            arguments = List.of(arguments.get(1), arguments.get(0));
        }
        return new Call(call.operator(), arguments, call.parameter());
    }

    public double probability() {
        return random.nextInt(10) == 0 ? random.nextInt(2) : random.nextDouble();
    }

    public double target() {
        return random.nextInt(2);
    }
}
