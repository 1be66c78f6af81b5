package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.search.LeaderboardRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CeVerdictTest {

    private static LeaderboardRow row(String expression, String baseline, double delta, Double p) {
        return new LeaderboardRow(
                1,
                "h",
                expression,
                null,
                "mean",
                0.8 + delta,
                null,
                5,
                0,
                delta,
                baseline,
                null,
                null,
                null,
                1,
                2000,
                null,
                null,
                p);
    }

    private static final LeaderboardRow CE = row("-(y * log(p))", "ce", 0.0, 1.0);

    @Test
    void aSmallPValueAmongManyDoesNotSurviveHolm() {
        // 0.02 is below 0.05 alone, but the smallest of three must be below 0.05 / 3.
        List<LeaderboardRow> rows =
                List.of(CE, row("a", null, 0.012, 0.02), row("b", null, 0.004, 0.4), row("c", null, -0.01, 0.3));

        assertThat(CeVerdict.of(rows))
                .isEqualTo("No evolved loss beat ce significantly at this budget: the best, a, is +0.0120 (p = 0.020;"
                        + " McNemar on 2000 validation images, Holm over 3 evolved losses at 0.05; one training run"
                        + " each).");
    }

    @Test
    void aLossThatSurvivesTheCorrectionAndIsAboveCeBeatsIt() {
        List<LeaderboardRow> rows = List.of(CE, row("a", null, 0.03, 0.0001), row("b", null, 0.004, 0.4));

        assertThat(CeVerdict.of(rows))
                .startsWith("1 evolved loss beat ce significantly at this budget, first a at +0.0300 (p = 1.0e-04;")
                .endsWith("re-train with more seeds before relying on it).");
    }

    @Test
    void aSignificantlyWorseLossIsNotAWinner() {
        List<LeaderboardRow> rows = List.of(CE, row("worse", null, -0.05, 1e-6), row("b", null, 0.004, 0.4));

        assertThat(CeVerdict.of(rows)).startsWith("No evolved loss beat ce significantly");
    }

    @Test
    void holmStopsAtTheFirstKeptHypothesis() {
        // p(1) = 0.01 <= 0.05/3 passes; p(2) = 0.03 > 0.05/2 stops; p(3) = 0.04 <= 0.05 is kept all the same.
        List<LeaderboardRow> rows = new ArrayList<>(List.of(CE));
        rows.add(row("first", null, 0.02, 0.01));
        rows.add(row("second", null, 0.02, 0.03));
        rows.add(row("third", null, 0.02, 0.04));

        assertThat(CeVerdict.of(rows)).startsWith("1 evolved loss beat ce significantly at this budget, first first");
    }

    @Test
    void withoutCeOrPerImageResultsNothingIsClaimed() {
        assertThat(CeVerdict.of(List.of(row("a", null, 0.1, 0.001)))).startsWith("No ce baseline result");
        assertThat(CeVerdict.of(List.of(CE, row("a", null, 0.1, null))))
                .startsWith("No evolved loss has per-image results");
    }
}
