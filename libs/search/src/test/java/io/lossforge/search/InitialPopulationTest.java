package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.loss.Expression;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.simplify.Simplifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitialPopulationTest {

    private static SearchSpec spec(long seed) {
        return new SearchSpec(30, null, null, null, null, null, null, null, List.of("ngl", "ce"), null, seed);
    }

    @Test
    void startsWithTheSeedsThenRandomTrees() {
        List<Candidate> population = new Breeder(spec(5)).initialPopulation();
        assertThat(population).hasSize(30);
        assertThat(population.subList(0, 2))
                .containsExactly(
                        new Candidate(
                                LossCatalog.find("ngl").orElseThrow().loss().expression(), Source.SEED, List.of()),
                        new Candidate(
                                LossCatalog.find("ce").orElseThrow().loss().expression(), Source.SEED, List.of()));
        assertThat(population.subList(2, 30)).allSatisfy(candidate -> {
            assertThat(candidate.source()).isEqualTo(Source.RANDOM);
            assertThat(candidate.parents()).isEmpty();
        });
    }

    @Test
    void anExpressionSeedEntersAsWritten() {
        SearchSpec spec = new SearchSpec(
                10, null, null, null, null, null, null, null, List.of("-(y * log(p)) + 0.5", "focal"), null, 1L);
        List<Candidate> population = new Breeder(spec).initialPopulation();
        assertThat(population.subList(0, 2))
                .containsExactly(
                        new Candidate(Parser.parse("-(y * log(p)) + 0.5"), Source.SEED, List.of()),
                        new Candidate(
                                LossCatalog.find("focal").orElseThrow().loss().expression(), Source.SEED, List.of()));
    }

    @Test
    void everyTreeIsAdmittedDistinctAndRampedInDepth() {
        SearchSpec spec = new SearchSpec(200, null, null, null, null, null, null, null, null, null, 3L).withDefaults();
        List<Expression> expressions = new Breeder(spec)
                .initialPopulation().stream().map(Candidate::expression).toList();
        expressions.forEach(expression -> Evolution.assertAdmitted(expression, spec));
        assertThat(expressions.stream().map(Simplifier::simplify).distinct()).hasSize(200);
        assertThat(expressions)
                .extracting(Expression::depth)
                .contains(2, 3, 4, 5, 6)
                .allMatch(depth -> depth <= 6);
    }

    @Test
    void respectsTightLimits() {
        SearchSpec spec = new SearchSpec(50, null, 3, 5, null, null, null, null, null, null, 1L).withDefaults();
        new Breeder(spec)
                .initialPopulation()
                .forEach(candidate -> Evolution.assertAdmitted(candidate.expression(), spec));
    }

    @Test
    void isAFunctionOfTheSeed() {
        assertThat(new Breeder(spec(5)).initialPopulation()).isEqualTo(new Breeder(spec(5)).initialPopulation());
        assertThat(new Breeder(spec(6)).initialPopulation().subList(2, 30))
                .isNotEqualTo(new Breeder(spec(5)).initialPopulation().subList(2, 30));
    }

    @Test
    void refusesAnInvalidSpec() {
        SearchSpec spec = new SearchSpec(1, null, null, null, 2.0, null, null, null, List.of("nope"), null, null);
        assertThatThrownBy(() -> new Breeder(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("populationSize must be between 2 and 1000")
                .hasMessageContaining("crossoverRate must be in [0, 1]")
                .hasMessageContaining("seedLosses 'nope' is not a catalog loss");
    }
}
