package io.lossforge.search;

import io.lossforge.loss.Expression;
import io.lossforge.loss.simplify.Simplifier;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The losses a generation already holds, by canonical form ({@link Simplifier}), so that breeding does
 * not spend an evaluation (a network training) on a re-written copy such as {@code y * p} for
 * {@code p * y}. Best effort: in a tiny search space a duplicate is accepted after
 * {@link Limits#ATTEMPTS} tries.
 */
final class Novelty {

    private final Set<Expression> seen = new HashSet<>();

    boolean isNew(Expression expression) {
        return !seen.contains(Simplifier.simplify(expression));
    }

    void add(Expression expression) {
        seen.add(Simplifier.simplify(expression));
    }

    /**
     * The first new result of {@code make(0)}, {@code make(1)}, ... (up to {@link Limits#ATTEMPTS} calls),
     * else the last one. The attempt number lets a caller widen its search, e.g. to deeper trees.
     */
    Expression pick(IntFunction<Expression> make) {
        Expression expression = make.apply(0);
        for (int attempt = 1; attempt < Limits.ATTEMPTS && !isNew(expression); attempt++) {
            expression = make.apply(attempt);
        }
        return expression;
    }
}
