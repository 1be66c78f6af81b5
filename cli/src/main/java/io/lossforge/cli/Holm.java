package io.lossforge.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction, the one both the leaderboard's verdict ({@link CeVerdict}) and the re-test
 * ({@link Retest}) use: a hypothesis is rejected at family-wise level {@link #ALPHA} when its adjusted
 * p-value is at most {@code ALPHA}.
 */
final class Holm {

    /** The family-wise error rate held. */
    static final double ALPHA = 0.05;

    private Holm() {}

    /**
     * The adjusted p-values, in the order given: the i-th smallest p times (m − i), made monotone in that
     * order and capped at 1.
     */
    static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, Math.min(1, (m - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /** Whether an adjusted p-value is significant at {@link #ALPHA}. */
    static boolean rejects(double adjusted) {
        return adjusted <= ALPHA;
    }
}
