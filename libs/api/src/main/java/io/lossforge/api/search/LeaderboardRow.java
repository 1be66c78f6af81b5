package io.lossforge.api.search;

/**
 * One ranked loss. {@code deltaVsCe} = fitness − the CE baseline's fitness of the same search (null when
 * that baseline has no result); {@code baseline} names a baseline row, null for evolved losses.
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
        String searchId) {}
