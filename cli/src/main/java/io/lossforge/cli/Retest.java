package io.lossforge.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * What re-training a search's best losses and ce with several seeds says: each loss's mean test accuracy
 * and its spread, the paired difference to ce seed by seed (same seed = same images, initial weights and
 * batch order), a two-sided paired t-test, and Holm's correction over the losses tested. The winner is the
 * best mean; "beats ce" is claimed only for a loss whose Holm-adjusted p-value is at most {@link Holm#ALPHA} and
 * whose mean difference is positive. (With 5 seeds an exact sign or Wilcoxon test cannot reach 0.05; the
 * t-test can, and assumes roughly normal seed-to-seed differences.)
 */
final class Retest {

    /**
     * One loss over the seeds.
     *
     * @param expression the loss
     * @param accuracy   test accuracy per seed, in seed order; null where that seed's trial did not succeed
     * @param mean       mean over the seeds that succeeded (NaN if none)
     * @param sd         sample standard deviation over them (NaN below two)
     * @param deltaVsCe  mean paired difference to ce over seeds where both succeeded (NaN if none)
     * @param p          two-sided paired t-test p-value vs ce (NaN with fewer than two pairs, or no spread)
     * @param holm       Holm-adjusted p-value over the losses with a p-value (NaN when p is NaN)
     */
    record Row(
            String expression, List<Double> accuracy, double mean, double sd, double deltaVsCe, double p, double holm) {

        boolean beatsCe() {
            return Holm.rejects(holm) && deltaVsCe > 0;
        }
    }

    /** @param rows the losses tested, best mean first; @param ce ce's own row (delta 0, no p-value) */
    record Result(List<Row> rows, Row ce) {

        /** The best mean among the losses tested. */
        Optional<Row> winner() {
            return rows.stream().filter(r -> !Double.isNaN(r.mean())).findFirst();
        }
    }

    private Retest() {}

    /**
     * @param accuracies per loss (in the order given), its test accuracy per seed (null for a failed trial)
     * @param ce         ce's test accuracy per seed
     */
    static Result of(Map<String, List<Double>> accuracies, List<Double> ce) {
        List<Row> rows = new ArrayList<>();
        accuracies.forEach((expression, accuracy) -> rows.add(row(expression, accuracy, ce)));
        List<Row> adjusted = holm(rows);
        return new Result(
                adjusted.stream()
                        .sorted(Comparator.comparingDouble((Row r) -> Double.isNaN(r.mean()) ? -1 : r.mean())
                                .reversed())
                        .toList(),
                row("ce", ce, ce));
    }

    private static Row row(String expression, List<Double> accuracy, List<Double> ce) {
        DescriptiveStatistics own = new DescriptiveStatistics();
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < accuracy.size(); i++) {
            Double a = accuracy.get(i);
            if (a != null) {
                own.addValue(a);
                if (i < ce.size() && ce.get(i) != null) {
                    pairs.add(new double[] {a, ce.get(i)});
                }
            }
        }
        double[] mine = pairs.stream().mapToDouble(pair -> pair[0]).toArray();
        double[] theirs = pairs.stream().mapToDouble(pair -> pair[1]).toArray();
        double delta = pairs.isEmpty()
                ? Double.NaN
                : Arrays.stream(mine).sum() / mine.length
                        - Arrays.stream(theirs).sum() / theirs.length;
        double p = Double.NaN;
        if (pairs.size() >= 2 && !allEqualDifferences(mine, theirs)) {
            p = new TTest().pairedTTest(mine, theirs);
        }
        return new Row(
                expression,
                Collections.unmodifiableList(new ArrayList<>(accuracy)),
                own.getN() == 0 ? Double.NaN : own.getMean(),
                own.getN() < 2 ? Double.NaN : own.getStandardDeviation(),
                delta,
                p,
                Double.NaN);
    }

    /**
     * Identical differences (to rounding: accuracies are multiples of one image) have no variance: the t
     * statistic is undefined, and a float residue must not turn into a p-value of 1e-59.
     */
    private static boolean allEqualDifferences(double[] mine, double[] theirs) {
        double first = mine[0] - theirs[0];
        for (int i = 1; i < mine.length; i++) {
            if (Math.abs(mine[i] - theirs[i] - first) > 1e-12) {
                return false;
            }
        }
        return true;
    }

    /** The rows with their Holm-adjusted p-values over those that have a p-value ({@link Holm#adjust}). */
    static List<Row> holm(List<Row> rows) {
        List<Row> tested = rows.stream()
                .filter(r -> !Double.isNaN(r.p()))
                .sorted(Comparator.comparingDouble(Row::p))
                .toList();
        double[] adjusted = Holm.adjust(tested.stream().mapToDouble(Row::p).toArray());
        List<Row> out =
                new ArrayList<>(rows.stream().filter(r -> Double.isNaN(r.p())).toList());
        for (int i = 0; i < tested.size(); i++) {
            Row r = tested.get(i);
            out.add(new Row(r.expression(), r.accuracy(), r.mean(), r.sd(), r.deltaVsCe(), r.p(), adjusted[i]));
        }
        return out;
    }
}
