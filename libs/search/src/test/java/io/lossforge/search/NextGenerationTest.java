package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.loss.Expression;
import io.lossforge.loss.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NextGenerationTest {

    private static final SearchSpec SPEC =
            new SearchSpec(40, null, null, null, null, null, null, 3, List.of("ce"), null, 9L).withDefaults();

    private static List<Evaluated> evaluatedInitial(Breeder breeder) {
        return Evolution.evaluate(breeder.initialPopulation(), Evolution::crossEntropyLikeness);
    }

    @Test
    void keepsTheBestAsElitesThenBreedsTheRest() {
        Breeder breeder = new Breeder(SPEC);
        List<Evaluated> previous = evaluatedInitial(breeder);
        List<Candidate> next = breeder.nextGeneration(1, previous);

        assertThat(next).hasSize(40);
        List<Integer> ranked =
                new ArrayList<>(java.util.stream.IntStream.range(0, 40).boxed().toList());
        ranked.sort((a, b) ->
                Double.compare(previous.get(b).fitness(), previous.get(a).fitness()));
        for (int i = 0; i < 3; i++) {
            Candidate elite = next.get(i);
            assertThat(elite.source()).isEqualTo(Source.ELITE);
            assertThat(elite.parents()).containsExactly(ranked.get(i));
            assertThat(elite.expression()).isEqualTo(previous.get(ranked.get(i)).expression());
        }
        // The seed ce is the toy fitness' optimum (fitness 0): it must survive as the first elite.
        assertThat(previous.get(next.getFirst().parents().getFirst()).fitness())
                .isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(next.subList(3, 40)).allSatisfy(candidate -> assertLabelled(candidate, 40));
    }

    @Test
    void aHigherRungOutranksAHigherFitnessAtALowerOne() {
        Breeder breeder = new Breeder(SPEC);
        List<Evaluated> initial = evaluatedInitial(breeder);
        // Successive halving: positions 30..32 reached rung 1 with fitness far below the rung-0 fitness of
        // the rest; the elites must be exactly they, best at rung 1 first.
        List<Evaluated> previous = new ArrayList<>();
        for (int i = 0; i < initial.size(); i++) {
            Expression e = initial.get(i).expression();
            previous.add(i >= 30 && i <= 32 ? new Evaluated(e, 1, -5.0 + i) : new Evaluated(e, 0, 100.0 - i));
        }
        List<Candidate> next = breeder.nextGeneration(1, previous);
        assertThat(next.subList(0, 3)).extracting(c -> c.parents().getFirst()).containsExactly(32, 31, 30);
    }

    private static void assertLabelled(Candidate candidate, int previousSize) {
        assertThat(candidate.parents()).allMatch(index -> index >= 0 && index < previousSize);
        switch (candidate.source()) {
            case CROSSOVER -> assertThat(candidate.parents()).hasSize(2);
            case MUTATION -> assertThat(candidate.parents()).hasSizeBetween(1, 2);
            case RANDOM -> assertThat(candidate.parents()).isEmpty();
            default -> throw new AssertionError("a bred candidate cannot be " + candidate.source());
        }
    }

    @Test
    void bredCandidatesAreNewLosses() {
        Breeder breeder = new Breeder(SPEC);
        List<Evaluated> previous = evaluatedInitial(breeder);
        Set<Expression> old =
                previous.stream().map(e -> Simplifier.simplify(e.expression())).collect(Collectors.toSet());
        List<Expression> bred = breeder.nextGeneration(1, previous).subList(3, 40).stream()
                .map(candidate -> Simplifier.simplify(candidate.expression()))
                .toList();
        assertThat(bred).doesNotContainAnyElementsOf(old).doesNotHaveDuplicates();
    }

    @Test
    void operatorsFollowTheirRates() {
        List<Candidate> mutationOnly = breed(0.0, 0.0);
        assertThat(mutationOnly.subList(1, 40)).allSatisfy(candidate -> {
            assertThat(candidate.source()).isIn(Source.MUTATION, Source.RANDOM);
            assertThat(candidate.parents()).hasSizeLessThanOrEqualTo(1);
        });
        List<Candidate> crossoverOnly = breed(1.0, 0.0);
        assertThat(crossoverOnly)
                .filteredOn(c -> c.source() == Source.CROSSOVER)
                .hasSizeGreaterThan(20);
        assertThat(crossoverOnly.subList(1, 40))
                .allSatisfy(candidate -> assertThat(candidate.parents()).hasSizeLessThanOrEqualTo(2));
        List<Candidate> both = breed(1.0, 1.0);
        assertThat(both.subList(1, 40)).allSatisfy(candidate -> {
            assertThat(candidate.source()).isIn(Source.MUTATION, Source.RANDOM);
            assertThat(candidate.parents().size()).isIn(0, 2);
        });
    }

    private static List<Candidate> breed(double crossoverRate, double mutationRate) {
        Breeder breeder =
                new Breeder(new SearchSpec(40, null, null, null, crossoverRate, mutationRate, null, 1, null, null, 4L));
        return breeder.nextGeneration(1, evaluatedInitial(breeder));
    }

    @Test
    void respectsTheLimitsOverThirtyGenerations() {
        SearchSpec spec = new SearchSpec(50, 30, 6, 20, null, null, null, null, null, null, 2L).withDefaults();
        // Rewarding size pushes every tree against the limits: the strongest test that they hold.
        List<List<Evaluated>> history = Evolution.run(new Breeder(spec), Expression::size, 30, generation -> {
            assertThat(generation).hasSize(50);
            generation.forEach(candidate -> Evolution.assertAdmitted(candidate.expression(), spec));
        });
        assertThat(Evolution.best(history.getLast())).isGreaterThanOrEqualTo(19);
    }

    @Test
    void breedsWithinTheSmallestLimits() {
        // Depth 2 and 3 nodes leave only op(p, y) and op(y, p): duplicates are unavoidable, failures are not.
        SearchSpec spec = new SearchSpec(30, 5, 2, 3, null, null, null, null, null, null, 8L).withDefaults();
        Evolution.run(new Breeder(spec), Evolution::crossEntropyLikeness, 5, generation -> {
            assertThat(generation).hasSize(30);
            generation.forEach(candidate -> Evolution.assertAdmitted(candidate.expression(), spec));
        });
    }

    @Test
    void isAFunctionOfSpecGenerationAndPrevious() {
        List<Evaluated> previous = evaluatedInitial(new Breeder(SPEC));
        List<Candidate> once = new Breeder(SPEC).nextGeneration(4, previous);
        assertThat(new Breeder(SPEC).nextGeneration(4, List.copyOf(previous))).isEqualTo(once);
        assertThat(new Breeder(SPEC).nextGeneration(5, previous)).isNotEqualTo(once);
        SearchSpec otherSeed = new SearchSpec(40, null, null, null, null, null, null, 3, List.of("ce"), null, 10L);
        assertThat(new Breeder(otherSeed).nextGeneration(4, previous)).isNotEqualTo(once);
    }

    @Test
    void refusesAWrongGenerationOrPopulation() {
        Breeder breeder = new Breeder(SPEC);
        List<Evaluated> previous = evaluatedInitial(breeder);
        assertThatThrownBy(() -> breeder.nextGeneration(0, previous))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> breeder.nextGeneration(1, previous.subList(0, 39)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 39 candidates");
        assertThatThrownBy(() -> new Evaluated(previous.getFirst().expression(), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
