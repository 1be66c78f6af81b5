package io.lossforge.orchestrator.leaderboard;

import io.lossforge.api.search.LeaderboardRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The hall of fame of a search (as PySR keeps one): the best evolved loss at each complexity that beats
 * every simpler one — the Pareto front of fitness against tree size. Rows are one per gradient-equivalence
 * family (the family's simplest form is its complexity), baselines left out; ordered by nodes, so fitness
 * rises strictly down the list. {@code rank} is the position on the front, from 1.
 */
final class HallOfFame {

    private HallOfFame() {}

    static List<LeaderboardRow> of(List<LeaderboardRow> rows) {
        List<LeaderboardRow> evolved = rows.stream()
                .filter(r -> r.baseline() == null)
                .sorted(Comparator.comparingInt(LeaderboardRow::nodes)
                        .thenComparing(Comparator.comparingDouble(LeaderboardRow::fitness)
                                .reversed()))
                .toList();
        List<LeaderboardRow> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (LeaderboardRow row : evolved) {
            if (row.fitness() > best) {
                best = row.fitness();
                front.add(row.withRank(front.size() + 1));
            }
        }
        return List.copyOf(front);
    }
}
