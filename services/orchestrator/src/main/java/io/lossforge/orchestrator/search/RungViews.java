package io.lossforge.orchestrator.search;

import io.lossforge.api.search.RungView;
import io.lossforge.api.search.StageSavings;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.search.Fidelity;
import io.lossforge.task.TaskSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.springframework.stereotype.Component;

/** A search's multi-fidelity rungs as the API shows them, and what successive halving saved. */
@Component
class RungViews {

    /** Fewer pairs than this give no rank correlation worth printing. */
    static final int MIN_PAIRS = 3;

    private final CandidateRepository candidates;

    RungViews(CandidateRepository candidates) {
        this.candidates = candidates;
    }

    List<RungView> of(UUID searchId, TaskSpec task, Fidelity fidelity) {
        Map<Integer, Object[]> tally = new HashMap<>();
        candidates.rungTally(searchId).forEach(row -> tally.put(((Number) row[0]).intValue(), row));
        // per rung: (generation, position) -> (evaluation id, fitness)
        List<Map<Long, double[]>> fitness = new ArrayList<>();
        for (int r = 0; r <= fidelity.top(); r++) {
            fitness.add(new HashMap<>());
        }
        for (Object[] row : candidates.rungFitness(searchId)) {
            int rung = ((Number) row[2]).intValue();
            if (rung <= fidelity.top()) {
                long key = ((Number) row[0]).longValue() << 32 | ((Number) row[1]).intValue();
                fitness.get(rung).put(key, new double[] {((Number) row[3]).longValue(), ((Number) row[4]).doubleValue()
                });
            }
        }
        List<RungView> rungs = new ArrayList<>();
        for (int r = 0; r <= fidelity.top(); r++) {
            TaskSpec at = fidelity.taskAt(task, r);
            Object[] t = tally.get(r);
            long rows = t == null ? 0 : ((Number) t[1]).longValue();
            long trained = t == null ? 0 : ((Number) t[2]).longValue();
            double seconds = t == null ? 0 : ((Number) t[3]).doubleValue();
            long promoted = 0;
            Double correlation = null;
            int pairs = 0;
            if (r < fidelity.top()) {
                Object[] next = tally.get(r + 1);
                promoted = next == null ? 0 : ((Number) next[1]).longValue();
                double[][] xy = pairs(fitness.get(r), fitness.get(r + 1));
                pairs = xy[0].length;
                correlation = pairs < MIN_PAIRS ? null : spearman(xy);
            }
            rungs.add(new RungView(
                    r, at.trainSamples(), at.steps(), rows, trained, seconds, promoted, correlation, pairs));
        }
        return rungs;
    }

    /**
     * Multi-fidelity's savings, an estimate: without it every candidate trained at rung 0 would have been
     * trained once at the top rung (at the search's mean top-rung seconds); with it the search paid for
     * every rung. Negative savings (the low rungs cost more than they spared) are reported as 0 removed
     * work; {@code removed} counts the successful candidates of finished generations that stopped below
     * the top rung.
     */
    StageSavings savings(UUID searchId, boolean enabled, List<RungView> rungs, Double meanTopSeconds) {
        if (!enabled || rungs.size() < 2) {
            return new StageSavings(StageSavings.MULTI_FIDELITY, enabled, 0, 0.0, true);
        }
        long stopped = candidates.stoppedBelow(searchId, rungs.size() - 1);
        double paid = rungs.stream().mapToDouble(RungView::trainerSeconds).sum();
        double without = meanTopSeconds == null ? 0 : rungs.getFirst().trained() * meanTopSeconds;
        return new StageSavings(StageSavings.MULTI_FIDELITY, true, stopped, Math.max(0, without - paid), true);
    }

    /**
     * The (low, high) fitness of every distinct pair of evaluations a candidate had at both rungs: an elite
     * or a copy that meets the same two evaluations again in later generations is one pair, not many.
     */
    private static double[][] pairs(Map<Long, double[]> low, Map<Long, double[]> high) {
        Map<String, double[]> distinct = new java.util.TreeMap<>();
        high.forEach((key, h) -> {
            double[] l = low.get(key);
            if (l != null) {
                distinct.putIfAbsent((long) l[0] + ":" + (long) h[0], new double[] {l[1], h[1]});
            }
        });
        double[][] xy = new double[2][distinct.size()];
        int i = 0;
        for (double[] pair : distinct.values()) {
            xy[0][i] = pair[0];
            xy[1][i] = pair[1];
            i++;
        }
        return xy;
    }

    /** NaN (all fitness equal at one rung) is no correlation: null. */
    private static Double spearman(double[][] xy) {
        double rho = new SpearmansCorrelation().correlation(xy[0], xy[1]);
        return Double.isNaN(rho) ? null : rho;
    }
}
