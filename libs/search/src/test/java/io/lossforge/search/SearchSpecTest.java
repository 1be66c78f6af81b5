package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.Operator;
import io.lossforge.task.Violation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpecTest {

    private static SearchSpec spec(
            Integer populationSize, Integer tournamentSize, Integer elitism, List<String> seeds) {
        return new SearchSpec(populationSize, null, null, null, null, null, tournamentSize, elitism, seeds, null, null);
    }

    @Test
    void fillsEvoMalLikeDefaults() {
        SearchSpec spec = SearchSpec.defaults();
        assertThat(spec)
                .isEqualTo(new SearchSpec(
                        25,
                        10,
                        8,
                        32,
                        0.7,
                        0.25,
                        4,
                        1,
                        List.of(),
                        List.of("ce", "ngl", "focal"),
                        0L,
                        SearchSpec.Stages.ALL_ON,
                        Fidelity.OFF,
                        Islands.ONE,
                        0));
        assertThat(spec.violations()).isEmpty();
    }

    @Test
    void keepsGivenValuesAndNormalisesCatalogNames() {
        SearchSpec spec =
                new SearchSpec(40, 3, 6, 20, 0.5, 0.5, 2, 0, List.of(" NGL "), List.of("CE"), 7L).withDefaults();
        assertThat(spec)
                .isEqualTo(new SearchSpec(
                        40,
                        3,
                        6,
                        20,
                        0.5,
                        0.5,
                        2,
                        0,
                        List.of("ngl"),
                        List.of("ce"),
                        7L,
                        SearchSpec.Stages.ALL_ON,
                        Fidelity.OFF,
                        Islands.ONE,
                        0));
        assertThat(new SearchSpec(
                                40,
                                3,
                                6,
                                20,
                                0.5,
                                0.5,
                                2,
                                0,
                                List.of("ngl"),
                                List.of("ce"),
                                7L,
                                new SearchSpec.Stages(false, null))
                        .withDefaults()
                        .stages())
                .as("a stage switched off stays off; an unset one defaults to on")
                .isEqualTo(new SearchSpec.Stages(false, true));
        assertThat(spec.violations()).isEmpty();
    }

    @Test
    void namesEveryBrokenLimit() {
        SearchSpec spec = new SearchSpec(
                1,
                0,
                ExpressionLimits.MAX_DEPTH + 1,
                2,
                -0.1,
                Double.NaN,
                2,
                1,
                List.of("nope", "ce"),
                List.of("ce", "sce", "ce"),
                null);
        assertThat(spec.violations())
                .extracting(Violation::field)
                .containsExactly(
                        "populationSize",
                        "generations",
                        "maxDepth",
                        "maxNodes",
                        "crossoverRate",
                        "mutationRate",
                        "tournamentSize",
                        "elitism",
                        "seedLosses",
                        "seedLosses",
                        "seedLosses",
                        "baselines");
        assertThat(spec.violations().get(0).toString()).isEqualTo("populationSize must be between 2 and 1000");
        assertThat(spec.violations().get(2).toString()).isEqualTo("maxDepth must be between 2 and 12");
        assertThat(spec.violations().get(3).toString()).isEqualTo("maxNodes must be between 3 and 64");
        assertThat(spec.violations())
                .extracting(Violation::message)
                .contains(
                        "'nope' is not a catalog loss",
                        "holds 2 losses, more than populationSize 1",
                        "'ce' has 5 nodes; at most maxNodes 2 are allowed",
                        "lists 'ce' twice");
    }

    @Test
    void boundsTournamentAndElitismByThePopulation() {
        assertThat(spec(10, 10, 9, null).violations()).isEmpty();
        assertThat(spec(10, 11, 10, null).violations())
                .extracting(Object::toString)
                .containsExactly("tournamentSize must be between 1 and 10", "elitism must be between 0 and 9");
        assertThat(spec(10, 0, -1, null).violations())
                .extracting(Violation::field)
                .containsExactly("tournamentSize", "elitism");
    }

    @Test
    void unsetTournamentAndElitismFitASmallPopulation() {
        SearchSpec tiny = new SearchSpec(2, null, null, null, null, null, null, null, null, null, null).withDefaults();
        assertThat(tiny.tournamentSize()).isEqualTo(2);
        assertThat(tiny.elitism()).isEqualTo(1);
        assertThat(tiny.violations()).isEmpty();
        assertThat(new SearchSpec(2, null, null, null, null, null, 3, null, null, null, null).violations())
                .extracting(Violation::field)
                .containsExactly("tournamentSize");
    }

    @Test
    void seedsMustFitThePopulationAndTheTreeLimits() {
        assertThat(spec(2, 2, null, List.of("ce", "mse", "focal")).violations())
                .extracting(Object::toString)
                .containsExactly("seedLosses holds 3 losses, more than populationSize 2");
        // ngl is 6 levels deep: exp(2.4092 - p * (1 + y)) nests exp, -, *, + over a leaf.
        SearchSpec shallow = new SearchSpec(null, null, 5, null, null, null, null, null, List.of("ngl"), null, null);
        assertThat(shallow.violations())
                .extracting(Object::toString)
                .containsExactly("seedLosses 'ngl' is 6 levels deep; at most maxDepth 5 are allowed");
        SearchSpec small =
                new SearchSpec(null, null, null, 10, null, null, null, null, List.of("ce", "ngl"), null, null);
        assertThat(small.violations())
                .extracting(Object::toString)
                .containsExactly("seedLosses 'ngl' has 13 nodes; at most maxNodes 10 are allowed");
    }

    @Test
    void nullNamesAreReportedNotThrown() {
        SearchSpec spec = spec(null, null, null, Arrays.asList("ce", null));
        assertThat(spec.violations())
                .extracting(Object::toString)
                .containsExactly("seedLosses '' is empty: expected a catalog loss or a loss expression");
    }

    /** Issue 11, item 5: a researcher seeds a search with losses from papers, written as expressions. */
    @Test
    void seedsAndBaselinesMayBeExpressions() {
        SearchSpec spec = new SearchSpec(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(" -(y * log(p)) + 0.5 ", " NGL "),
                        List.of("CE", "exp(1 - p*(1+y)) - y", "p"),
                        null)
                .withDefaults();
        // Catalog names are normalised; expressions are kept as written (trimmed), not lower-cased.
        assertThat(spec.seedLosses()).containsExactly("-(y * log(p)) + 0.5", "ngl");
        assertThat(spec.baselines()).containsExactly("ce", "exp(1 - p*(1+y)) - y", "p");
        assertThat(spec.violations()).isEmpty();
    }

    @Test
    void aBadExpressionNamesTheFieldAndSaysWhy() {
        SearchSpec spec = new SearchSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("-(y * lg(p))", "y * p * 1e7", "LOG(p) * y"),
                List.of("exp(p", "nope"),
                null);
        assertThat(spec.violations())
                .extracting(Object::toString)
                .containsExactly(
                        "seedLosses '-(y * lg(p))' is not a valid loss expression: unknown name 'lg' at position 6:"
                                + " expected p, y or one of " + String.join(", ", Operator.functionNames()),
                        "seedLosses 'y * p * 1e7' is not a valid loss expression: constant 1e7 at position 8 exceeds"
                                + " the limit |c| <= 1e6",
                        "seedLosses 'LOG(p) * y' is not a valid loss expression: unknown name 'LOG' at position 0:"
                                + " expected p, y or one of " + String.join(", ", Operator.functionNames()),
                        "baselines 'exp(p' is not a valid loss expression: at position 5: expected ')' but found"
                                + " end of input",
                        "baselines 'nope' is not a catalog loss");
    }

    /** A seed enters the population as it is, so it must be a loss the search could have bred. */
    @Test
    void expressionSeedsMustFitTheTreeLimitsAndUseBothVariables() {
        SearchSpec spec = new SearchSpec(
                null,
                null,
                4,
                null,
                null,
                null,
                null,
                null,
                List.of("exp(p) * 2", "exp(1 - p*(1+y)) - y"),
                List.of("exp(p) * 2"),
                null);
        assertThat(spec.violations())
                .extracting(Object::toString)
                .containsExactly(
                        "seedLosses 'exp(p) * 2' must depend on both p and y",
                        "seedLosses 'exp(1 - p*(1+y)) - y' is 6 levels deep; at most maxDepth 4 are allowed");
    }

    @Test
    void theSameLossMayNotBeListedTwice() {
        SearchSpec spec = new SearchSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("ce", "-(log(p) * y)", "y * p", "p*y"),
                // ce brings its own reduction (sum), the expression takes the search's: two losses.
                List.of("ce", "-(y * log(p))", "y * p + 1", "1 + p * y"),
                null);
        assertThat(spec.violations())
                .extracting(Object::toString)
                .containsExactly(
                        "seedLosses lists 'ce' and '-(log(p) * y)', the same loss",
                        "seedLosses lists 'y * p' and 'p*y', the same loss",
                        "baselines lists 'y * p + 1' and '1 + p * y', the same loss");
    }
}
