package io.lossforge.orchestrator.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.search.LeaderboardRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class HallOfFameTest {

    private static LeaderboardRow row(String expression, int nodes, double fitness, String baseline) {
        return new LeaderboardRow(
                9,
                expression,
                expression,
                null,
                "mean",
                fitness,
                null,
                nodes,
                0,
                null,
                baseline,
                null,
                null,
                null,
                1,
                1000,
                null,
                null,
                null);
    }

    @Test
    void keepsOnlyTheLossesThatBeatEverySimplerOne() {
        List<LeaderboardRow> front = HallOfFame.of(List.of(
                row("big-best", 20, 0.88, null),
                row("small", 3, 0.70, null),
                row("small-worse", 3, 0.60, null),
                row("mid-dominated", 9, 0.69, null),
                row("mid", 7, 0.85, null),
                row("equal-not-better", 12, 0.85, null),
                row("ce", 5, 0.99, "ce")));

        assertThat(front).extracting(LeaderboardRow::expression).containsExactly("small", "mid", "big-best");
        assertThat(front).extracting(LeaderboardRow::rank).containsExactly(1, 2, 3);
    }

    @Test
    void aSearchWithoutEvolvedLossesHasAnEmptyHall() {
        assertThat(HallOfFame.of(List.of(row("ce", 5, 0.8, "ce")))).isEmpty();
    }
}
