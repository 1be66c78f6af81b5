package io.lossforge.search;

import io.lossforge.loss.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Breeds the non-elite candidates of one generation, one at a time (DEAP's {@code varAnd}, as in
 * EvoMAL): a tournament winner is crossed with a second winner with {@code crossoverRate}, then mutated
 * with {@code mutationRate}; a candidate that neither touched is mutated anyway, so that no plain copy
 * is bred. Every operator is re-tried up to {@link Limits#ATTEMPTS} times for an admitted result, else
 * the candidate is a fresh random tree. A result the generation already holds is mutated further.
 */
final class Reproduction {

    private final SearchSpec spec;
    private final List<Evaluated> previous;
    private final RandomGenerator random;
    private final Limits limits;
    private final Novelty novelty;
    private final Selection selection;
    private final RandomTrees trees;
    private final Crossover crossover;
    private final Mutation mutation;

    /**
     * {@code novelty} must already hold the previous generation and the elites; parents are drawn by {@code
     * selection} (the whole previous generation, or one island of it).
     */
    Reproduction(
            SearchSpec spec, List<Evaluated> previous, Selection selection, Novelty novelty, RandomGenerator random) {
        this.spec = spec;
        this.previous = previous;
        this.random = random;
        this.limits = Limits.of(spec);
        this.novelty = novelty;
        this.selection = selection;
        this.trees = new RandomTrees(limits, random);
        this.crossover = new Crossover(random);
        this.mutation = new Mutation(trees, random);
    }

    Candidate next() {
        Candidate candidate = varied().map(this::renewed).orElseGet(this::fresh);
        novelty.add(candidate.expression());
        return candidate;
    }

    /** Crossover and/or mutation of tournament winners; empty when an operator found no admitted result. */
    private Optional<Candidate> varied() {
        int first = select();
        List<Integer> parents = new ArrayList<>(List.of(first));
        Optional<Expression> child = Optional.of(expression(first));
        Source source = null;
        if (random.nextDouble() < spec.crossoverRate()) {
            int second = select();
            parents.add(second);
            Expression a = expression(first);
            Expression b = expression(second);
            child = limits.attempt(() -> crossover.apply(a, b));
            source = Source.CROSSOVER;
        }
        if (child.isPresent() && (source == null || random.nextDouble() < spec.mutationRate())) {
            child = mutated(child.get());
            source = Source.MUTATION;
        }
        Source made = source;
        return child.map(expression -> new Candidate(expression, made, parents));
    }

    /** The candidate, mutated further while the generation already holds its loss (bounded). */
    private Candidate renewed(Candidate candidate) {
        Candidate current = candidate;
        for (int i = 0; i < Limits.ATTEMPTS && !novelty.isNew(current.expression()); i++) {
            Optional<Expression> mutated = mutated(current.expression());
            if (mutated.isEmpty()) {
                break;
            }
            current = new Candidate(mutated.get(), Source.MUTATION, current.parents());
        }
        return current;
    }

    private Candidate fresh() {
        return new Candidate(novelty.pick(attempt -> trees.any()), Source.RANDOM, List.of());
    }

    private Optional<Expression> mutated(Expression expression) {
        return limits.attempt(() -> mutation.apply(expression));
    }

    private int select() {
        return selection.tournament(spec.tournamentSize(), random);
    }

    private Expression expression(int index) {
        return previous.get(index).expression();
    }
}
