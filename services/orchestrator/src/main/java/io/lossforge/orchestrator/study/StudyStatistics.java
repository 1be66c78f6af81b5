package io.lossforge.orchestrator.study;

import io.lossforge.api.study.BudgetRanking;
import io.lossforge.api.study.StudyCell;
import io.lossforge.api.study.StudyVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * The figures of a study from its trials' outcomes: per (loss, task, budget) mean ± sd of accuracy, Δ vs the
 * reference paired over seeds with a 95 % Student-t interval, both verdicts, confidence and trainer time; per
 * (task, budget) the ranking and its rank correlation with the first budget's. Pure: no database.
 */
final class StudyStatistics {

    /** The paper's band: |Δ| ≤ 0.5 accuracy points counts as "same" (accuracies are fractions). */
    static final double SAME_BAND = 0.005;

    private StudyStatistics() {}

    static List<StudyCell> cells(StudyDefinition definition, List<TrialOutcome> outcomes) {
        Map<Key, List<TrialOutcome>> byCell = group(outcomes);
        List<StudyCell> cells = new ArrayList<>();
        for (int l = 0; l < definition.losses().size(); l++) {
            for (int t = 0; t < definition.tasks().size(); t++) {
                for (int budget : definition.budgets()) {
                    List<TrialOutcome> mine = byCell.getOrDefault(new Key(l, t, budget), List.of());
                    List<TrialOutcome> reference =
                            byCell.getOrDefault(new Key(definition.reference(), t, budget), List.of());
                    cells.add(cell(
                            definition.losses().get(l).label(),
                            t,
                            budget,
                            mine,
                            reference,
                            l == definition.reference()));
                }
            }
        }
        return cells;
    }

    private static StudyCell cell(
            String label,
            int task,
            int budget,
            List<TrialOutcome> mine,
            List<TrialOutcome> reference,
            boolean isReference) {
        double[] accuracies = mine.stream()
                .map(TrialOutcome::accuracy)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray();
        Double mean = accuracies.length == 0 ? null : mean(accuracies);
        Double sd = accuracies.length < 2 ? null : sd(accuracies);
        Double[] delta = isReference ? new Double[3] : pairedDelta(mine, reference);
        return new StudyCell(
                label,
                task,
                budget,
                accuracies.length,
                (int) mine.stream().filter(TrialOutcome::failed).count(),
                mean,
                sd,
                delta[0],
                delta[1],
                delta[2],
                delta[0] == null ? null : paperVerdict(delta[0]),
                delta[0] == null ? null : intervalVerdict(delta[1], delta[2]),
                meanOrNull(mine.stream()
                        .map(TrialOutcome::confidence)
                        .filter(Objects::nonNull)
                        .toList()),
                mine.stream().mapToDouble(TrialOutcome::seconds).sum(),
                sameInitialWeights(mine, reference));
    }

    /** {mean Δ, low, high} over the seeds both finished; the bounds are null with fewer than two pairs. */
    private static Double[] pairedDelta(List<TrialOutcome> mine, List<TrialOutcome> reference) {
        Map<Integer, Double> ref = new HashMap<>();
        reference.stream()
                .filter(o -> o.accuracy() != null)
                .forEach(o -> ref.put(o.trial().seed(), o.accuracy()));
        double[] d = mine.stream()
                .filter(o -> o.accuracy() != null && ref.containsKey(o.trial().seed()))
                .mapToDouble(o -> o.accuracy() - ref.get(o.trial().seed()))
                .toArray();
        if (d.length == 0) {
            return new Double[3];
        }
        double mean = mean(d);
        if (d.length < 2) {
            return new Double[] {mean, null, null};
        }
        double half = new TDistribution(d.length - 1).inverseCumulativeProbability(0.975) * sd(d) / Math.sqrt(d.length);
        return new Double[] {mean, mean - half, mean + half};
    }

    /** The paper's reading: the mean Δ against the band. */
    static StudyVerdict paperVerdict(double delta) {
        if (delta > SAME_BAND) {
            return StudyVerdict.BETTER;
        }
        return delta < -SAME_BAND ? StudyVerdict.WORSE : StudyVerdict.SAME;
    }

    /** What the interval supports: inside the band SAME, wholly beyond it BETTER/WORSE, else INCONCLUSIVE. */
    static StudyVerdict intervalVerdict(Double low, Double high) {
        if (low == null || high == null) {
            return StudyVerdict.INCONCLUSIVE;
        }
        if (low >= -SAME_BAND && high <= SAME_BAND) {
            return StudyVerdict.SAME;
        }
        if (low > SAME_BAND) {
            return StudyVerdict.BETTER;
        }
        return high < -SAME_BAND ? StudyVerdict.WORSE : StudyVerdict.INCONCLUSIVE;
    }

    /** False when a seed started from other weights than the reference's; null when a checksum is missing. */
    private static Boolean sameInitialWeights(List<TrialOutcome> mine, List<TrialOutcome> reference) {
        Map<Integer, String> ref = new HashMap<>();
        reference.forEach(o -> ref.put(o.trial().seed(), o.checksum()));
        boolean missing = false;
        for (TrialOutcome o : mine) {
            if (!o.ended() || o.accuracy() == null && o.checksum() == null) {
                continue;
            }
            String other = ref.get(o.trial().seed());
            if (o.checksum() == null || other == null) {
                missing = true;
            } else if (!o.checksum().equals(other)) {
                return false;
            }
        }
        return missing || mine.stream().noneMatch(TrialOutcome::ended) ? null : true;
    }

    /** Per (task, budget): losses with a mean accuracy, best first, and ρ against the first budget's order. */
    static List<BudgetRanking> rankings(StudyDefinition definition, List<StudyCell> cells) {
        List<BudgetRanking> out = new ArrayList<>();
        for (int t = 0; t < definition.tasks().size(); t++) {
            Map<String, Double> first = null;
            for (int budget : definition.budgets()) {
                int task = t;
                Map<String, Double> means = new HashMap<>();
                cells.stream()
                        .filter(c -> c.task() == task && c.budget() == budget && c.meanAccuracy() != null)
                        .forEach(c -> means.put(c.loss(), c.meanAccuracy()));
                List<String> order = means.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                        .map(Map.Entry::getKey)
                        .toList();
                if (first == null) {
                    first = means;
                }
                out.add(new BudgetRanking(t, budget, order, spearman(first, means)));
            }
        }
        return out;
    }

    private static Double spearman(Map<String, Double> a, Map<String, Double> b) {
        List<String> common =
                a.keySet().stream().filter(b::containsKey).sorted().toList();
        if (common.size() < 3) {
            return null;
        }
        double[] x = common.stream().mapToDouble(a::get).toArray();
        double[] y = common.stream().mapToDouble(b::get).toArray();
        double rho = new SpearmansCorrelation().correlation(x, y);
        return Double.isNaN(rho) ? null : rho;
    }

    private static Map<Key, List<TrialOutcome>> group(List<TrialOutcome> outcomes) {
        Map<Key, List<TrialOutcome>> out = new HashMap<>();
        for (TrialOutcome o : outcomes) {
            out.computeIfAbsent(
                            new Key(
                                    o.trial().loss(),
                                    o.trial().task(),
                                    o.trial().budget()),
                            k -> new ArrayList<>())
                    .add(o);
        }
        return out;
    }

    private static Double meanOrNull(List<Double> values) {
        return values.isEmpty()
                ? null
                : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    private record Key(int loss, int task, int budget) {}
}
