package io.lossforge.search;

import io.lossforge.loss.Expression;
import java.util.List;
import java.util.Objects;

/**
 * A bred candidate: the expression, how it was made, and the indices of its parents in the previous
 * generation's list (one for {@link Source#ELITE} and mutation, two after crossover, none for
 * {@link Source#SEED} and {@link Source#RANDOM}).
 */
public record Candidate(Expression expression, Source source, List<Integer> parents) {

    public Candidate {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(source, "source");
        parents = List.copyOf(parents);
    }
}
