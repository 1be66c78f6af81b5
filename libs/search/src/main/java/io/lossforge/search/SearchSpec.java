package io.lossforge.search;

import static io.lossforge.task.Violation.or;
import static io.lossforge.task.Violation.range;

import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of one loss search. This record is the single definition of the search's fields,
 * defaults ({@link #withDefaults}) and limits ({@link #violations}); the breeder, the orchestrator and
 * the CLI all use it. Nullable components mean "use the default"; the defaults follow EvoMAL (population
 * 25, crossover 0.7, mutation 0.25, tournament 4).
 *
 * <p>{@code generations} is the number of generations including the initial one, so generation numbers
 * run from 0 to {@code generations - 1}. An unset tournament size or elitism is capped to what the
 * population allows, so a small population needs no further settings. {@code maxDepth} and {@code maxNodes} may only tighten
 * {@link ExpressionLimits}. {@code seedLosses} enter generation 0 unchanged; {@code baselines} are
 * catalog losses the orchestrator evaluates for comparison (they are not bred). Both hold
 * {@link LossCatalog} names.
 */
public record SearchSpec(
        Integer populationSize,
        Integer generations,
        Integer maxDepth,
        Integer maxNodes,
        Double crossoverRate,
        Double mutationRate,
        Integer tournamentSize,
        Integer elitism,
        List<String> seedLosses,
        List<String> baselines,
        Long seed) {

    public static final int DEFAULT_POPULATION_SIZE = 25;
    public static final int DEFAULT_GENERATIONS = 10;
    public static final int DEFAULT_MAX_DEPTH = 8;
    public static final int DEFAULT_MAX_NODES = 32;
    public static final double DEFAULT_CROSSOVER_RATE = 0.7;
    public static final double DEFAULT_MUTATION_RATE = 0.25;
    public static final int DEFAULT_TOURNAMENT_SIZE = 4;
    public static final int DEFAULT_ELITISM = 1;
    public static final List<String> DEFAULT_BASELINES = List.of("ce", "ngl", "focal");

    public static final int MIN_POPULATION_SIZE = 2;
    public static final int MAX_POPULATION_SIZE = 1_000;
    public static final int MAX_GENERATIONS = 1_000;
    /** The smallest trees that can hold both p and y: one binary operator over two leaves. */
    public static final int MIN_MAX_DEPTH = 2;

    public static final int MIN_MAX_NODES = 3;

    /** A search with every field at its default. */
    public static SearchSpec defaults() {
        return new SearchSpec(null, null, null, null, null, null, null, null, null, null, null).withDefaults();
    }

    /** The same search with every unset field at its default and catalog names trimmed and lower-cased. */
    public SearchSpec withDefaults() {
        int population = or(populationSize, DEFAULT_POPULATION_SIZE);
        return new SearchSpec(
                population,
                or(generations, DEFAULT_GENERATIONS),
                or(maxDepth, DEFAULT_MAX_DEPTH),
                or(maxNodes, DEFAULT_MAX_NODES),
                or(crossoverRate, DEFAULT_CROSSOVER_RATE),
                or(mutationRate, DEFAULT_MUTATION_RATE),
                or(tournamentSize, Math.max(1, Math.min(DEFAULT_TOURNAMENT_SIZE, population))),
                or(elitism, Math.max(0, Math.min(DEFAULT_ELITISM, population - 1))),
                names(or(seedLosses, List.of())),
                names(or(baselines, DEFAULT_BASELINES)),
                or(seed, 0L));
    }

    /** Every limit the search (with defaults applied) breaks, as field + message; empty when valid. */
    public List<Violation> violations() {
        SearchSpec s = withDefaults();
        List<Violation> out = new ArrayList<>();
        range(out, "populationSize", s.populationSize, MIN_POPULATION_SIZE, MAX_POPULATION_SIZE);
        range(out, "generations", s.generations, 1, MAX_GENERATIONS);
        range(out, "maxDepth", s.maxDepth, MIN_MAX_DEPTH, ExpressionLimits.MAX_DEPTH);
        range(out, "maxNodes", s.maxNodes, MIN_MAX_NODES, ExpressionLimits.MAX_NODES);
        rate(out, "crossoverRate", s.crossoverRate);
        rate(out, "mutationRate", s.mutationRate);
        range(out, "tournamentSize", s.tournamentSize, 1, s.populationSize);
        range(out, "elitism", s.elitism, 0, s.populationSize - 1);
        catalogNames(out, "seedLosses", s.seedLosses);
        if (s.seedLosses.size() > s.populationSize) {
            out.add(new Violation(
                    "seedLosses",
                    "holds " + s.seedLosses.size() + " losses, more than populationSize " + s.populationSize));
        }
        Limits limits = new Limits(s.maxDepth, s.maxNodes);
        for (String name : s.seedLosses) {
            LossCatalog.find(name)
                    .flatMap(entry -> limits.problem(entry.loss().expression()))
                    .ifPresent(problem -> out.add(new Violation("seedLosses", "'" + name + "' " + problem)));
        }
        catalogNames(out, "baselines", s.baselines);
        return out;
    }

    private static void catalogNames(List<Violation> out, String field, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Optional<LossCatalog.Entry> entry = name.isEmpty() ? Optional.empty() : LossCatalog.find(name);
            if (entry.isEmpty()) {
                out.add(new Violation(field, "'" + name + "' is not a catalog loss"));
            } else if (!seen.add(name)) {
                out.add(new Violation(field, "lists '" + name + "' twice"));
            }
        }
    }

    private static void rate(List<Violation> out, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            out.add(new Violation(field, "must be in [0, 1]"));
        }
    }

    /** Trimmed lower-case names, so that stored specs and catalog look-ups agree; null entries become "". */
    private static List<String> names(List<String> names) {
        return names.stream()
                .map(name -> name == null ? "" : name.trim().toLowerCase(Locale.ROOT))
                .toList();
    }
}
