package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.parse.Parser;
import io.lossforge.task.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IslandsTest {

    private static SearchSpec spec(Islands islands, Integer constantTuning) {
        return new SearchSpec(
                        24,
                        null,
                        null,
                        null,
                        null,
                        null,
                        3,
                        1,
                        List.of("ce", "ngl"),
                        null,
                        5L,
                        null,
                        null,
                        islands,
                        constantTuning)
                .withDefaults();
    }

    private static List<Evaluated> initial(Breeder breeder) {
        return Evolution.evaluate(breeder.initialPopulation(), Evolution::crossEntropyLikeness);
    }

    @Test
    void islandsBreedApartAndMigrateTheirBestAroundTheRingAtTheInterval() {
        Breeder breeder = new Breeder(spec(new Islands(3, 2, 1), null));
        List<Evaluated> previous = initial(breeder);
        List<int[]> ranges = breeder.spec().islands().ranges(24);
        assertThat(ranges).extracting(r -> r[1] - r[0]).containsExactly(8, 8, 8);

        List<Candidate> quiet = breeder.nextGeneration(1, previous); // 1 is not a multiple of 2: no migration
        assertThat(quiet).noneMatch(c -> c.source() == Source.MIGRANT);
        for (int i = 0; i < 3; i++) {
            int from = ranges.get(i)[0];
            int to = ranges.get(i)[1];
            assertThat(quiet.subList(from, to))
                    .as("island %d draws its parents from itself", i)
                    .allSatisfy(c -> assertThat(c.parents()).allMatch(p -> p >= from && p < to));
            assertThat(quiet.get(from).source()).isEqualTo(Source.ELITE);
        }

        List<Candidate> migrating = breeder.nextGeneration(2, previous);
        for (int i = 0; i < 3; i++) {
            int[] own = ranges.get(i);
            int[] before = ranges.get((i + 2) % 3);
            Candidate migrant = migrating.get(own[0] + 1); // after the island's one elite
            assertThat(migrant.source()).isEqualTo(Source.MIGRANT);
            int bestOfBefore =
                    new Selection(previous, before[0], before[1]).best(1).getFirst();
            assertThat(migrant.parents()).containsExactly(bestOfBefore);
            assertThat(migrant.expression())
                    .isEqualTo(previous.get(bestOfBefore).expression());
        }
    }

    @Test
    void constantTuningAddsTheBestWithItsConstantsMovedAndKeepsTheStructure() {
        Breeder breeder = new Breeder(spec(null, 2));
        List<Evaluated> previous = new ArrayList<>(initial(breeder));
        // The two best: one with constants, one without (it has nothing to tune).
        previous.set(5, new Evaluated(Parser.parse("exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))"), 10.0));
        previous.set(6, new Evaluated(Parser.parse("-(y * log(p))"), 9.0));
        List<Candidate> next = breeder.nextGeneration(1, previous);
        assertThat(next.get(0).source()).isEqualTo(Source.ELITE);
        List<Candidate> tuned =
                next.stream().filter(c -> c.source() == Source.TUNED).toList();
        assertThat(tuned).singleElement().satisfies(c -> {
            assertThat(c.parents()).containsExactly(5);
            assertThat(c.expression().size())
                    .isEqualTo(previous.get(5).expression().size());
            assertThat(constants(c.expression()))
                    .isNotEqualTo(constants(previous.get(5).expression()));
            assertThat(io.lossforge.loss.print.InfixPrinter.print(c.expression())
                            .replaceAll("[0-9.]+", "#"))
                    .isEqualTo(io.lossforge.loss.print.InfixPrinter.print(
                                    previous.get(5).expression())
                            .replaceAll("[0-9.]+", "#"));
        });
        assertThat(next).hasSize(24);
    }

    @Test
    void limitsNameTheirFields() {
        assertThat(spec(new Islands(13, null, null), null).violations())
                .containsExactly(new Violation("islands.count", "must be between 1 and 12"));
        assertThat(spec(new Islands(4, null, 6), null).violations())
                .containsExactly(new Violation("islands.migrants", "must be between 0 and 4"));
        assertThat(spec(null, 25).violations())
                .containsExactly(new Violation("constantTuning", "must be between 0 and 24"));
        assertThat(spec(null, null).islands()).isEqualTo(Islands.ONE);
        assertThat(spec(null, null).constantTuning()).isZero();
    }

    private static List<Double> constants(Expression e) {
        List<Double> out = new ArrayList<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expression e, List<Double> out) {
        if (e instanceof Constant c) {
            out.add(c.value());
        } else if (e instanceof io.lossforge.loss.Call call) {
            call.arguments().forEach(a -> collect(a, out));
        }
    }
}
