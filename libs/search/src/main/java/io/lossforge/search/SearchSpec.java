package io.lossforge.search;

import static io.lossforge.task.Violation.or;
import static io.lossforge.task.Violation.range;

import io.lossforge.loss.Expression;
import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.simplify.Simplifier;
import io.lossforge.task.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * losses the orchestrator evaluates for comparison (they are not bred). {@code fidelity} sets the rungs
 * of successive halving within a generation ({@link Fidelity}; one rung, off, by default); {@code islands}
 * splits the population into islands with migration ({@link Islands}; one island by default), and then
 * {@code elitism} is per island; {@code constantTuning} K adds, for each of an island's K best losses with
 * constants, a copy with its constants moved ({@link Source#TUNED}; 0, off, by default).
 *
 * <p>Each entry of {@code seedLosses} and {@code baselines} is a {@link LossCatalog} name
 * (case-insensitive, stored lower-case) or any loss expression in the loss language (stored as written,
 * trimmed), as {@link LossCatalog#resolve} reads it: a researcher seeds a search with losses from
 * papers. An expression must parse within the language's limits; a seed must also fit {@code maxDepth}
 * and {@code maxNodes} and depend on both p and y, as every bred loss does. Two entries of one list may
 * not be the same loss: equal after simplification, or for baselines the same catalog name.
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
        Long seed,
        Stages stages,
        Fidelity fidelity,
        Islands islands,
        Integer constantTuning) {

    /**
     * Which of the search's stages that spare trainer time are on; each is counted in the search's view.
     * Null components mean on.
     *
     * @param gradientEquivalence a candidate whose gradient on fixed probe batches matches an evaluated
     *     (or queued) loss's of the same task shares that evaluation instead of being trained
     * @param rejection a candidate under which directly optimised probe logits do not learn the labels is
     *     rejected before training (EvoMAL's rejection protocol)
     */
    public record Stages(Boolean gradientEquivalence, Boolean rejection) {

        /** Every stage on. */
        public static final Stages ALL_ON = new Stages(true, true);

        /** Every stage off: the search trains whatever screening accepts and the hash cache misses. */
        public static final Stages ALL_OFF = new Stages(false, false);

        Stages withDefaults() {
            return new Stages(or(gradientEquivalence, true), or(rejection, true));
        }
    }

    /** A search with one rung, one island and no constant tuning. */
    public SearchSpec(
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
            Long seed,
            Stages stages) {
        this(
                populationSize,
                generations,
                maxDepth,
                maxNodes,
                crossoverRate,
                mutationRate,
                tournamentSize,
                elitism,
                seedLosses,
                baselines,
                seed,
                stages,
                null,
                null,
                null);
    }

    /** A search with every stage at its default (on). */
    public SearchSpec(
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
        this(
                populationSize,
                generations,
                maxDepth,
                maxNodes,
                crossoverRate,
                mutationRate,
                tournamentSize,
                elitism,
                seedLosses,
                baselines,
                seed,
                null,
                null,
                null,
                null);
    }

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

    private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    /** A search with every field at its default. */
    public static SearchSpec defaults() {
        return new SearchSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    /**
     * The same search with every unset field at its default, catalog names trimmed and lower-cased and
     * expressions trimmed.
     */
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
                entries(or(seedLosses, List.of())),
                entries(or(baselines, DEFAULT_BASELINES)),
                or(seed, 0L),
                (stages == null ? new Stages(null, null) : stages).withDefaults(),
                (fidelity == null ? new Fidelity(null, null) : fidelity).withDefaults(),
                (islands == null ? new Islands(null, null, null) : islands).withDefaults(),
                or(constantTuning, 0));
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
        losses(out, "seedLosses", s.seedLosses, true);
        if (s.seedLosses.size() > s.populationSize) {
            out.add(new Violation(
                    "seedLosses",
                    "holds " + s.seedLosses.size() + " losses, more than populationSize " + s.populationSize));
        }
        Limits limits = new Limits(s.maxDepth, s.maxNodes);
        for (String entry : s.seedLosses) {
            expression(entry)
                    .flatMap(limits::problem)
                    .ifPresent(problem -> out.add(new Violation("seedLosses", "'" + entry + "' " + problem)));
        }
        losses(out, "baselines", s.baselines, false);
        out.addAll(s.fidelity.violations());
        range(out, "constantTuning", s.constantTuning, 0, s.populationSize);
        out.addAll(s.islands.violations(s.populationSize, s.elitism));
        return out;
    }

    /**
     * The expression of a catalog name or an expression text, as the breeder seeds it; empty when the
     * entry is neither (then {@link #violations} says why).
     */
    static Optional<Expression> expression(String entry) {
        try {
            return Optional.of(LossCatalog.resolve(entry, null).expression());
        } catch (InvalidLossException e) {
            return Optional.empty();
        }
    }

    /**
     * Every entry must be a catalog name or a valid expression, and no loss may be listed twice: the
     * same text, or (for seeds, which all take the search's reduction, and for two expressions) the same
     * simplified expression.
     */
    private static void losses(List<Violation> out, String field, List<String> entries, boolean seeds) {
        Map<String, String> seen = new HashMap<>();
        for (String entry : entries) {
            Optional<LossCatalog.Entry> catalog = entry.isEmpty() ? Optional.empty() : LossCatalog.find(entry);
            Expression expression;
            try {
                expression = catalog.map(e -> e.loss().expression()).orElseGet(() -> Parser.parse(entry));
            } catch (InvalidLossException e) {
                out.add(new Violation(field, "'" + entry + "' " + whyNot(entry, e)));
                continue;
            }
            String identity = catalog.isPresent() && !seeds
                    ? "catalog:" + catalog.get().name()
                    : "expression:" + InfixPrinter.print(Simplifier.simplify(expression));
            String first = seen.putIfAbsent(identity, entry);
            if (first != null) {
                out.add(new Violation(
                        field,
                        first.equals(entry)
                                ? "lists '" + entry + "' twice"
                                : "lists '" + first + "' and '" + entry + "', the same loss"));
            }
        }
    }

    /**
     * Why an entry is neither a catalog name nor an expression. A bare word is most likely a mistyped
     * catalog name; anything else was meant as an expression, so the parser's reason is the answer.
     */
    private static String whyNot(String entry, InvalidLossException e) {
        if (entry.isEmpty()) {
            return "is empty: expected a catalog loss or a loss expression";
        }
        if (BARE_WORD.matcher(entry).matches()) {
            return "is not a catalog loss";
        }
        return "is not a valid loss expression: " + e.getMessage();
    }

    private static void rate(List<Violation> out, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            out.add(new Violation(field, "must be in [0, 1]"));
        }
    }

    /**
     * Catalog names trimmed and lower-cased, so that stored specs and catalog look-ups agree; expressions
     * trimmed but otherwise as written; null entries become "".
     */
    private static List<String> entries(List<String> entries) {
        return entries.stream()
                .map(entry -> entry == null ? "" : entry.trim())
                .map(entry ->
                        LossCatalog.find(entry).map(LossCatalog.Entry::name).orElse(entry))
                .toList();
    }
}
