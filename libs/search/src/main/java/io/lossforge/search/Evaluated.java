package io.lossforge.search;

import io.lossforge.loss.Expression;
import java.util.Objects;

/**
 * A candidate of the previous generation with its fitness; higher is better. A rejected, diverged or
 * failed candidate carries a finite penalty below every real fitness (e.g. -1): NaN and infinities are
 * refused, because they would make the ranking depend on comparison details.
 */
public record Evaluated(Expression expression, double fitness) {

    public Evaluated {
        Objects.requireNonNull(expression, "expression");
        if (!Double.isFinite(fitness)) {
            throw new IllegalArgumentException("fitness must be finite (use a penalty), got " + fitness);
        }
    }
}
