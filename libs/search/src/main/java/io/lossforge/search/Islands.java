package io.lossforge.search;

import static io.lossforge.task.Violation.or;
import static io.lossforge.task.Violation.range;

import io.lossforge.task.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Islands (as PySR keeps them): the population is split into {@code count} contiguous blocks of positions
 * that breed apart — tournaments and elites stay within an island — so that one early good loss does not
 * take over the whole population. Every {@code migrationInterval} generations the {@code migrants} best of
 * each island are copied into the next island (a ring), in place of that island's last bred candidates.
 *
 * @param count             islands; 1 (the default) is one population, no migration
 * @param migrationInterval generations between migrations (generation numbers divisible by it; default 5)
 * @param migrants          how many of an island's best migrate each time (default 1)
 */
public record Islands(Integer count, Integer migrationInterval, Integer migrants) {

    public static final int DEFAULT_COUNT = 1;
    public static final int DEFAULT_MIGRATION_INTERVAL = 5;
    public static final int DEFAULT_MIGRANTS = 1;
    /** An island must hold at least this many candidates (a tournament needs a choice). */
    public static final int MIN_ISLAND_SIZE = 2;

    /** One population. */
    public static final Islands ONE = new Islands(1, DEFAULT_MIGRATION_INTERVAL, DEFAULT_MIGRANTS);

    public Islands withDefaults() {
        return new Islands(
                or(count, DEFAULT_COUNT),
                or(migrationInterval, DEFAULT_MIGRATION_INTERVAL),
                or(migrants, DEFAULT_MIGRANTS));
    }

    /** Every limit broken for a population of {@code populationSize}, fields prefixed {@code islands.}. */
    List<Violation> violations(int populationSize, int elitism) {
        Islands i = withDefaults();
        List<Violation> out = new ArrayList<>();
        range(out, "islands.count", i.count, 1, Math.max(1, populationSize / MIN_ISLAND_SIZE));
        range(out, "islands.migrationInterval", i.migrationInterval, 1, SearchSpec.MAX_GENERATIONS);
        if (out.isEmpty() && i.count > 1) {
            int smallest = populationSize / i.count;
            range(out, "islands.migrants", i.migrants, 0, Math.max(0, smallest - 1 - Math.min(elitism, smallest - 1)));
            if (elitism > smallest - 1) {
                out.add(new Violation(
                        "elitism",
                        "is per island: at most " + (smallest - 1) + " with islands of " + smallest + " candidates"));
            }
        }
        return out;
    }

    /** The islands' position ranges {@code [from, to)}, sizes differing by at most one, larger ones first. */
    List<int[]> ranges(int populationSize) {
        int n = withDefaults().count;
        List<int[]> ranges = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < n; i++) {
            int size = populationSize / n + (i < populationSize % n ? 1 : 0);
            ranges.add(new int[] {from, from + size});
            from += size;
        }
        return ranges;
    }

    /** Whether generation {@code generation} receives migrants. */
    boolean migratesAt(int generation) {
        Islands i = withDefaults();
        return i.count > 1 && i.migrants > 0 && generation % i.migrationInterval == 0;
    }
}
