package io.lossforge.search;

import io.lossforge.loss.Expression;
import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Variable;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every bred expression must satisfy: the search's (tighter) depth and node limits, the language's
 * {@link ExpressionLimits}, and a dependence on both {@code p} and {@code y} (a loss without one of them
 * cannot rank classes, see EvoMAL's screen).
 */
record Limits(int maxDepth, int maxNodes) {

    /** How often a random operator is re-tried for an admitted (or new) result before falling back. */
    static final int ATTEMPTS = 20;

    static Limits of(SearchSpec spec) {
        return new Limits(spec.maxDepth(), spec.maxNodes());
    }

    boolean admits(Expression expression) {
        return problem(expression).isEmpty();
    }

    /** The first admitted result of up to {@link #ATTEMPTS} calls of {@code make}, if any. */
    Optional<Expression> attempt(Supplier<Expression> make) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Expression expression = make.get();
            if (admits(expression)) {
                return Optional.of(expression);
            }
        }
        return Optional.empty();
    }

    /** Why the expression is not admitted, as the end of a sentence ("has 40 nodes; ..."); empty if it is. */
    Optional<String> problem(Expression expression) {
        if (expression.size() > maxNodes) {
            return Optional.of("has " + expression.size() + " nodes; at most maxNodes " + maxNodes + " are allowed");
        }
        if (expression.depth() > maxDepth) {
            return Optional.of(
                    "is " + expression.depth() + " levels deep; at most maxDepth " + maxDepth + " are allowed");
        }
        if (!expression.contains(Variable.P) || !expression.contains(Variable.Y)) {
            return Optional.of("must depend on both p and y");
        }
        try {
            ExpressionLimits.check(expression);
        } catch (InvalidLossException e) {
            return Optional.of("breaks a language limit: " + e.getMessage());
        }
        return Optional.empty();
    }
}
