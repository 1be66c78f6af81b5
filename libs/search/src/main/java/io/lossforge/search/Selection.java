package io.lossforge.search;

import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Selection on the previous generation by list index, since parents are recorded as indices. A higher
 * rung wins, then a higher fitness (at that rung); ties go to the lower index, so that the result never
 * depends on sort stability.
 *
 * <p>Jenetics' {@code TournamentSelector} is not used: it selects from a Phenotype population and
 * returns phenotypes, not their indices, and reads the global {@code RandomRegistry}.
 */
final class Selection {

    private final List<Evaluated> previous;
    private final Comparator<Integer> better;

    Selection(List<Evaluated> previous) {
        this.previous = previous;
        this.better = Comparator.<Integer>comparingInt(i -> previous.get(i).rung())
                .thenComparingDouble(i -> previous.get(i).fitness())
                .reversed()
                .thenComparing(Comparator.naturalOrder());
    }

    /** The index of the best of {@code size} individuals drawn uniformly with replacement. */
    int tournament(int size, RandomGenerator random) {
        int winner = random.nextInt(previous.size());
        for (int i = 1; i < size; i++) {
            int contender = random.nextInt(previous.size());
            if (better.compare(contender, winner) < 0) {
                winner = contender;
            }
        }
        return winner;
    }

    /** The indices of the {@code count} best individuals, best first. */
    List<Integer> best(int count) {
        return IntStream.range(0, previous.size())
                .boxed()
                .sorted(better)
                .limit(count)
                .toList();
    }
}
