package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The breeder as a whole actually searches: a toy fitness computed in-process improves. */
class SearchOptimisesTest {

    @Test
    void approachesCrossEntropyWithinFifteenGenerations() {
        SearchSpec spec = new SearchSpec(40, 15, null, null, null, null, null, null, null, null, 42L);
        List<List<Evaluated>> history =
                Evolution.run(new Breeder(spec), Evolution::crossEntropyLikeness, 15, generation -> {});

        assertThat(Evolution.best(history.getLast())).isGreaterThan(Evolution.best(history.getFirst()));
        // Elitism makes the best fitness monotone: no generation may lose the best loss found so far.
        for (int g = 1; g < history.size(); g++) {
            assertThat(Evolution.best(history.get(g))).isGreaterThanOrEqualTo(Evolution.best(history.get(g - 1)));
        }
        // Selection pressure lifts the whole population, not only the elite (with tournamentSize 1,
        // i.e. random parents, this seed's median gets worse).
        assertThat(median(history.getLast())).isGreaterThan(median(history.getFirst()));
    }

    private static double median(List<Evaluated> generation) {
        double[] fitness =
                generation.stream().mapToDouble(Evaluated::fitness).sorted().toArray();
        return fitness[fitness.length / 2];
    }
}
