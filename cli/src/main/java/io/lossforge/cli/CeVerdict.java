package io.lossforge.cli;

import io.lossforge.api.search.LeaderboardRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The one sentence a leaderboard ends with: did any evolved loss beat the ce baseline significantly in this
 * search? Each evolved row's exact McNemar p-value against ce (same images, same initial weights) is
 * corrected with Holm's step-down method over every evolved row that has one, at level {@link Holm#ALPHA}; a
 * row "beats ce" when it survives the correction and its fitness is above ce's. One training run per loss:
 * the sentence says so, because a single seed cannot tell a better loss from a lucky run.
 */
final class CeVerdict {

    private CeVerdict() {}

    /** The sentence for {@code rows}: every row of the leaderboard, not only those shown. */
    static String of(List<LeaderboardRow> rows) {
        boolean ce = rows.stream().anyMatch(r -> "ce".equals(r.baseline()));
        if (!ce) {
            return "No ce baseline result in this search: nothing can be said against cross-entropy.";
        }
        List<LeaderboardRow> tested = rows.stream()
                .filter(r -> r.baseline() == null && r.pValueVsCe() != null && r.deltaVsCe() != null)
                .sorted(Comparator.comparingDouble(LeaderboardRow::pValueVsCe))
                .toList();
        if (tested.isEmpty()) {
            return "No evolved loss has per-image results to compare with ce (an older trainer, or none "
                    + "trained yet): nothing can be said against cross-entropy.";
        }
        int m = tested.size();
        double[] adjusted = Holm.adjust(
                tested.stream().mapToDouble(LeaderboardRow::pValueVsCe).toArray());
        List<LeaderboardRow> winners = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (Holm.rejects(adjusted[i]) && tested.get(i).deltaVsCe() > 0) {
                winners.add(tested.get(i));
            }
        }
        String scope = "McNemar on " + images(tested.getFirst()) + ", Holm over " + m + " evolved "
                + (m == 1 ? "loss" : "losses") + " at " + Holm.ALPHA + "; one training run each";
        if (winners.isEmpty()) {
            LeaderboardRow best = tested.stream()
                    .max(Comparator.comparingDouble(LeaderboardRow::fitness))
                    .orElseThrow();
            return "No evolved loss beat ce significantly at this budget: the best, " + best.expression() + ", is "
                    + Views.signed(best.deltaVsCe()) + " (p = " + p(best.pValueVsCe()) + "; " + scope + ").";
        }
        LeaderboardRow top = winners.getFirst();
        return winners.size() + " evolved " + (winners.size() == 1 ? "loss" : "losses")
                + " beat ce significantly at this budget, first " + top.expression() + " at "
                + Views.signed(top.deltaVsCe()) + " (p = " + p(top.pValueVsCe()) + "; " + scope
                + ": re-train with more seeds before relying on it).";
    }

    /** A p-value to two significant digits, e.g. 0.031 or 2.4e-05. */
    static String p(double value) {
        return value >= 0.001 ? String.format(Locale.ROOT, "%.2g", value) : String.format(Locale.ROOT, "%.1e", value);
    }

    private static String images(LeaderboardRow row) {
        return row.validationImages() == null ? "the validation images" : row.validationImages() + " validation images";
    }
}
