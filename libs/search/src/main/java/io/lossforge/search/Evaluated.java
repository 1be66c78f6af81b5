package io.lossforge.search;

import io.lossforge.loss.Expression;
import java.util.Objects;

/**
 * A candidate of the previous generation with the highest {@link Fidelity rung} it reached and its fitness
 * there; higher is better, and a higher rung beats any fitness at a lower one. A rejected, diverged or
 * failed candidate carries a finite penalty below every real fitness (e.g. -1): NaN and infinities are
 * refused, because they would make the ranking depend on comparison details.
 */
public record Evaluated(Expression expression, int rung, double fitness) {

    public Evaluated {
        Objects.requireNonNull(expression, "expression");
        if (!Double.isFinite(fitness)) {
            throw new IllegalArgumentException("fitness must be finite (use a penalty), got " + fitness);
        }
        if (rung < 0) {
            throw new IllegalArgumentException("rung must be at least 0, got " + rung);
        }
    }

    /** A candidate of a search with one rung. */
    public Evaluated(Expression expression, double fitness) {
        this(expression, 0, fitness);
    }
}
