package io.lossforge.api.search;

/**
 * One ranked loss. {@code deltaVsCe} = fitness − the CE baseline's fitness of the same search (null when
 * that baseline has no result); {@code baseline} names a baseline row, null for evolved losses.
 *
 * <p>Since issue 11 (additive): {@code family} is the gradient-equivalence family key of the row's
 * evaluation (null when unknown or undefined) and {@code forms} the number of distinct losses of the search
 * in that family (the row shows its simplest; 1 when the leaderboard is not grouped; null from an older
 * orchestrator); {@code
 * validationImages} the number of validation images the fitness was measured on, {@code fitnessLow} and
 * {@code fitnessHigh} its 95 % Wilson score interval; {@code pValueVsCe} the exact two-sided McNemar
 * p-value of the paired comparison with the CE baseline on the same images (null unless both trials
 * reported per-image correctness).
 */
public record LeaderboardRow(
        int rank,
        String hash,
        String expression,
        String latex,
        String reduction,
        double fitness,
        Double testAccuracy,
        int nodes,
        int generation,
        Double deltaVsCe,
        String baseline,
        String source,
        String searchId,
        String family,
        Integer forms,
        Integer validationImages,
        Double fitnessLow,
        Double fitnessHigh,
        Double pValueVsCe) {

    /** This row at another {@code rank} (a view that orders rows differently, such as the hall of fame). */
    public LeaderboardRow withRank(int rank) {
        return new LeaderboardRow(
                rank,
                hash,
                expression,
                latex,
                reduction,
                fitness,
                testAccuracy,
                nodes,
                generation,
                deltaVsCe,
                baseline,
                source,
                searchId,
                family,
                forms,
                validationImages,
                fitnessLow,
                fitnessHigh,
                pValueVsCe);
    }
}
