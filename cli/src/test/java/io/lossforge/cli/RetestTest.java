package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

class RetestTest {

    private static final List<Double> CE = List.of(0.80, 0.81, 0.79, 0.80, 0.82);

    @Test
    void aConsistentGainSurvivesHolmAndANoisyOneDoesNot() {
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        losses.put("steady", List.of(0.82, 0.83, 0.81, 0.82, 0.84)); // +0.02 on every seed
        losses.put("noisy", List.of(0.85, 0.78, 0.80, 0.83, 0.79)); // mean +0.006, all over the place
        losses.put("worse", List.of(0.78, 0.80, 0.77, 0.79, 0.80));

        Retest.Result result = Retest.of(losses, CE);

        assertThat(result.rows()).extracting(Retest.Row::expression).containsExactly("steady", "noisy", "worse");
        Retest.Row steady = result.rows().getFirst();
        assertThat(steady.mean()).isCloseTo(0.824, within(1e-12));
        assertThat(steady.deltaVsCe()).isCloseTo(0.02, within(1e-12));
        // Identical differences have no spread: the t statistic is undefined, so no claim is made.
        assertThat(steady.p()).isNaN();
        assertThat(steady.beatsCe()).isFalse();

        Retest.Row noisy = result.rows().get(1);
        double[] mine =
                losses.get("noisy").stream().mapToDouble(Double::doubleValue).toArray();
        double[] ce = CE.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(noisy.p()).isCloseTo(new TTest().pairedTTest(mine, ce), within(1e-15));
        assertThat(noisy.beatsCe()).isFalse();
        assertThat(result.winner())
                .hasValueSatisfying(w -> assertThat(w.expression()).isEqualTo("steady"));
    }

    @Test
    void holmMultipliesBySmallerFactorsDownTheRanksAndStaysMonotone() {
        List<Retest.Row> adjusted = Retest.holm(List.of(row("a", 0.01), row("b", 0.04), row("c", 0.03)));

        assertThat(adjusted).extracting(Retest.Row::expression).containsExactly("a", "c", "b");
        assertThat(adjusted).extracting(Retest.Row::holm).containsExactly(0.03, 0.06, 0.06);
    }

    @Test
    void aClearGainWithSpreadIsClaimedAndAFailedSeedShrinksThePairs() {
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        losses.put("better", List.of(0.83, 0.845, 0.82, 0.835, 0.85));
        losses.put("flaky", Arrays.asList(0.90, null, 0.80, 0.80, 0.82));

        Retest.Result result = Retest.of(losses, CE);

        Retest.Row better = result.rows().stream()
                .filter(r -> r.expression().equals("better"))
                .findFirst()
                .orElseThrow();
        assertThat(better.p()).isLessThan(0.001);
        assertThat(better.holm()).isEqualTo(Math.min(1, 2 * better.p()));
        assertThat(better.beatsCe()).isTrue();
        Retest.Row flaky = result.rows().stream()
                .filter(r -> r.expression().equals("flaky"))
                .findFirst()
                .orElseThrow();
        assertThat(flaky.accuracy()).containsExactly(0.90, null, 0.80, 0.80, 0.82);
        assertThat(flaky.mean()).isCloseTo(0.83, within(1e-12));
        assertThat(flaky.deltaVsCe()).as("over the 4 seeds both succeeded").isCloseTo(0.83 - 0.8025, within(1e-12));
    }

    private static Retest.Row row(String name, double p) {
        return new Retest.Row(name, List.of(), 0, 0, 0, p, Double.NaN);
    }
}
