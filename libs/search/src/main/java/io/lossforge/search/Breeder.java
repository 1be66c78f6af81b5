package io.lossforge.search;

import io.lossforge.loss.Expression;
import io.lossforge.task.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Breeds a GP population of loss expressions one generation at a time, in ask/tell style: the caller
 * evaluates and stores every generation, and asks for the next one with the stored previous one.
 *
 * <p>Breeding is a pure function of (spec, generation number, previous generation in its stored order):
 * each call draws from its own generator seeded by {@code seed} and the generation number, and holds no
 * state between calls, so after a crash the same generation is bred again from the stored one. Every bred
 * expression fits the spec's {@code maxDepth}/{@code maxNodes} and the language limits, and depends on
 * both {@code p} and {@code y}; bred (non-elite) candidates are, as far as a bounded number of tries
 * allows, losses the generation does not already hold. Instances are immutable and thread-safe.
 *
 * <p>Results are reproducible for a given version of this module and loss-core (a new operator changes
 * the draws). The one floating-point dependence is the duplicate check, which compares canonical forms
 * whose constant subtrees loss-core folds with {@code Math} functions; only two different constant
 * subtrees folding to the very same double on one platform but not another could tell JVMs apart.
 */
public final class Breeder {

    private final SearchSpec spec;
    private final Limits limits;

    /**
     * @param spec the search; unset fields take their defaults
     * @throws IllegalArgumentException listing every violation when the spec is invalid
     */
    public Breeder(SearchSpec spec) {
        this.spec = spec.withDefaults();
        List<Violation> violations = this.spec.violations();
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid search spec: "
                    + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        }
        this.limits = Limits.of(this.spec);
    }

    /** The spec with defaults applied. */
    public SearchSpec spec() {
        return spec;
    }

    /**
     * Generation 0: the seed losses' expressions (a catalog loss's, or the entry's own) in spec order
     * ({@link Source#SEED}), then random trees
     * ({@link Source#RANDOM}, ramped half-and-half) up to {@code populationSize}.
     */
    public List<Candidate> initialPopulation() {
        Novelty novelty = new Novelty();
        List<Candidate> population = new ArrayList<>();
        for (String entry : spec.seedLosses()) {
            Expression seed = SearchSpec.expression(entry).orElseThrow(); // the constructor checked every entry
            novelty.add(seed);
            population.add(new Candidate(seed, Source.SEED, List.of()));
        }
        RandomTrees trees = new RandomTrees(limits, random(0));
        for (int i = 0; population.size() < spec.populationSize(); i++) {
            int index = i;
            // Shallow trees are few (depth 2 allows about ten losses): a duplicate moves one depth deeper.
            Expression tree = novelty.pick(attempt -> trees.ramped(index + 2 * attempt));
            novelty.add(tree);
            population.add(new Candidate(tree, Source.RANDOM, List.of()));
        }
        return List.copyOf(population);
    }

    /**
     * Generation {@code generation}, island by island ({@link Islands}; one island by default): the island's
     * {@code elitism} best of {@code previous} unchanged ({@link Source#ELITE}, best first), at a migration
     * the {@code migrants} best of the previous island in the ring ({@link Source#MIGRANT}), a tuned copy
     * of each of the island's {@code constantTuning} best that has constants ({@link Source#TUNED}), then
     * bred candidates whose parents are drawn from the island, up to its size.
     *
     * @param generation the number of the generation to breed, at least 1
     * @param previous   generation {@code generation - 1} with its fitness values, in its stored order
     *                   (parent indices refer to it); it must hold {@code populationSize} candidates
     * @throws IllegalArgumentException when the generation number or the previous generation's size is wrong
     */
    public List<Candidate> nextGeneration(int generation, List<Evaluated> previous) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1, got " + generation);
        }
        previous = List.copyOf(previous); // a stable snapshot: parent indices refer to it
        if (previous.size() != spec.populationSize()) {
            throw new IllegalArgumentException("the previous generation holds " + previous.size()
                    + " candidates; populationSize is " + spec.populationSize());
        }
        Novelty novelty = new Novelty();
        previous.forEach(evaluated -> novelty.add(evaluated.expression()));
        RandomGenerator random = random(generation);
        ConstantTuning tuning = new ConstantTuning(limits, novelty, random);
        List<int[]> islands = spec.islands().ranges(spec.populationSize());
        List<Candidate> population = new ArrayList<>();
        for (int i = 0; i < islands.size(); i++) {
            int[] from = spec.islands().migratesAt(generation)
                    ? islands.get((i + islands.size() - 1) % islands.size())
                    : null;
            population.addAll(island(previous, islands.get(i), from, novelty, tuning, random));
        }
        return List.copyOf(population);
    }

    /**
     * One island's part of the next generation: its elites, migrants from {@code migrantsFrom} (the previous
     * island's range; null: no migration), tuned copies of its best, then bred candidates up to its size.
     */
    private List<Candidate> island(
            List<Evaluated> previous,
            int[] range,
            int[] migrantsFrom,
            Novelty novelty,
            ConstantTuning tuning,
            RandomGenerator random) {
        int size = range[1] - range[0];
        Selection selection = new Selection(previous, range[0], range[1]);
        List<Candidate> island = new ArrayList<>();
        for (int index : selection.best(spec.elitism())) {
            island.add(new Candidate(previous.get(index).expression(), Source.ELITE, List.of(index)));
        }
        if (migrantsFrom != null) {
            for (int index : new Selection(previous, migrantsFrom[0], migrantsFrom[1])
                    .best(spec.islands().migrants())) {
                island.add(new Candidate(previous.get(index).expression(), Source.MIGRANT, List.of(index)));
            }
        }
        for (int index : selection.best(spec.constantTuning())) {
            if (island.size() < size) {
                tuning.tuned(previous.get(index).expression())
                        .ifPresent(tuned -> island.add(new Candidate(tuned, Source.TUNED, List.of(index))));
            }
        }
        Reproduction reproduction = new Reproduction(spec, previous, selection, novelty, random);
        while (island.size() < size) {
            island.add(reproduction.next());
        }
        return island;
    }

    /** The generator of one generation: a function of the seed and the generation number only. */
    private RandomGenerator random(int generation) {
        return new SplittableRandom(spec.seed() * 1_000_003L + generation);
    }
}
