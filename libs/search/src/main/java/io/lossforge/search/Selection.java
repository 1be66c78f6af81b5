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
    private final int from;
    private final int to;
    private final Comparator<Integer> better;

    /** Selection over the whole of {@code previous}. */
    Selection(List<Evaluated> previous) {
        this(previous, 0, previous.size());
    }

    /** Selection over positions {@code [from, to)} of {@code previous} (one island); indices stay global. */
    Selection(List<Evaluated> previous, int from, int to) {
        this.previous = previous;
        this.from = from;
        this.to = to;
        this.better = Comparator.<Integer>comparingInt(i -> previous.get(i).rung())
                .thenComparingDouble(i -> previous.get(i).fitness())
                .reversed()
                .thenComparing(Comparator.naturalOrder());
    }

    /** The index of the best of {@code size} individuals drawn uniformly with replacement. */
    int tournament(int size, RandomGenerator random) {
        int winner = draw(random);
        for (int i = 1; i < size; i++) {
            int contender = draw(random);
            if (better.compare(contender, winner) < 0) {
                winner = contender;
            }
        }
        return winner;
    }

    /**
     * A uniform position of the range. From 0 it is {@code nextInt(to)}, the draw of searches before islands
     * ({@code nextInt(0, to)} may draw differently), so that one-island searches breed as they always did.
     */
    private int draw(RandomGenerator random) {
        return from == 0 ? random.nextInt(to) : random.nextInt(from, to);
    }

    /** The indices of the {@code count} best individuals, best first. */
    List<Integer> best(int count) {
        return IntStream.range(from, to).boxed().sorted(better).limit(count).toList();
    }
}
