package io.lossforge.loss.equiv;

import io.lossforge.loss.print.Numbers;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The decision whether two losses train alike, from their {@link GradientFingerprint}s, with what was
 * measured. The comparison is <em>per row</em>, never one global cosine (in which the few rows with
 * large gradients would hide disagreement on all the others):
 * <ol>
 *   <li>An undefined fingerprint is equivalent to nothing (itself included).</li>
 *   <li>A row that is ≈ 0 ({@link GradientFingerprint#ZERO_ROW}) in both agrees; ≈ 0 in one only
 *       disagrees.</li>
 *   <li>Direction: the <em>smallest</em> per-row cosine over all rows of all probe batches must be at
 *       least {@code 1 − }{@link #COSINE_TOLERANCE}. The minimum, not a quantile: a real batch can
 *       consist entirely of the kind of sample on which the two disagree (e.g. confident ones late in
 *       training).</li>
 *   <li>Scale, by {@link ScaleInvariance}: {@link ScaleInvariance#EXACT} needs every row's norm ratio
 *       within {@code 1 ± }{@link #SCALE_TOLERANCE}; {@link ScaleInvariance#ADAM_NO_DECAY} needs, per
 *       class count, one constant ratio (largest / smallest ≤ {@code 1 + }{@link #SCALE_TOLERANCE} over
 *       all its rows and logit scales) within [{@link #MIN_SCALE_RATIO}, {@link #MAX_SCALE_RATIO}]
 *       (inclusive, with the same tolerance, so that mean against sum at C = 100 is inside). A
 *       ratio that varies by row re-weights samples and so changes the batch gradient's direction in
 *       parameter space (see {@link ScaleInvariance}). It may differ between class counts because a task
 *       trains at one: {@code mean} and {@code sum} of one expression differ by the factor C.</li>
 * </ol>
 * Pure and symmetric up to rounding at the tolerances' edges; not transitive (tolerances), so a caller
 * that groups losses into families compares a newcomer with each family's first member.
 *
 * @param equivalent    whether the two losses train alike under the given invariance
 * @param minCosine     the smallest per-row cosine over rows non-zero in both (NaN when none or undefined)
 * @param minScaleRatio the smallest norm ratio first / second over those rows (NaN when none)
 * @param maxScaleRatio the largest such ratio (NaN when none)
 * @param detail        one sentence: what decided
 */
public record Equivalence(
        boolean equivalent, double minCosine, double minScaleRatio, double maxScaleRatio, String detail) {

    public static final double COSINE_TOLERANCE = 1e-6;
    public static final double SCALE_TOLERANCE = 1e-6;
    public static final double MIN_SCALE_RATIO = 1e-2;
    public static final double MAX_SCALE_RATIO = 1e2;

    public Equivalence {
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Decides whether {@code first} and {@code second} are equivalent under {@code invariance}.
     *
     * @throws IllegalArgumentException when the fingerprints were taken on different probe sets
     */
    public static Equivalence between(
            GradientFingerprint first, GradientFingerprint second, ScaleInvariance invariance) {
        Objects.requireNonNull(invariance, "invariance");
        if (!first.probes().equals(second.probes())) {
            throw new IllegalArgumentException("fingerprints on different probe sets cannot be compared: "
                    + first.probes().id() + " vs " + second.probes().id());
        }
        if (!first.isDefined() || !second.isDefined()) {
            GradientFingerprint undefined = first.isDefined() ? second : first;
            return new Equivalence(
                    false,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    "the " + (first.isDefined() ? "second" : "first") + " fingerprint is undefined ("
                            + undefined.undefinedReason().orElseThrow() + "): equivalent to nothing");
        }
        return new Comparison(first, second).decide(invariance);
    }

    /** The measurements of one comparison, row by row, then the decision. */
    private static final class Comparison {
        private double minCosine = Double.POSITIVE_INFINITY;
        private String worstRow;
        private String zeroMismatch;
        /** Per class count that has rows non-zero in both: {smallest, largest} ratio, in probe order. */
        private final Map<Integer, double[]> ratios = new LinkedHashMap<>();

        Comparison(GradientFingerprint first, GradientFingerprint second) {
            List<ProbeSet.Batch> batches = first.probes().batches();
            for (int b = 0; b < batches.size(); b++) {
                ProbeSet.Batch batch = batches.get(b);
                double[] range = ratios.getOrDefault(
                        batch.classes(), new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
                int worst = -1;
                int mismatch = -1;
                for (int n = 0; n < batch.labels().length; n++) {
                    boolean zeroFirst = first.isZero(b, n);
                    boolean zeroSecond = second.isZero(b, n);
                    if (zeroFirst || zeroSecond) {
                        mismatch = mismatch < 0 && zeroFirst != zeroSecond ? n : mismatch;
                        continue;
                    }
                    double cosine = dot(first.unit(b, n), second.unit(b, n));
                    if (cosine < minCosine) {
                        minCosine = cosine;
                        worst = n;
                    }
                    double ratio = first.rawNorm(b, n) / second.rawNorm(b, n);
                    range[0] = Math.min(range[0], ratio);
                    range[1] = Math.max(range[1], ratio);
                }
                // Sentences only for what was found (a comparison runs for every candidate pair in a bucket).
                if (worst >= 0) {
                    worstRow = "row " + worst + " of " + batch.describe();
                }
                if (mismatch >= 0 && zeroMismatch == null) {
                    zeroMismatch = "row " + mismatch + " of " + batch.describe() + " has a ≈ 0 gradient under the "
                            + (first.isZero(b, mismatch) ? "first" : "second") + " loss only";
                }
                if (range[0] <= range[1]) {
                    ratios.put(batch.classes(), range);
                }
            }
        }

        Equivalence decide(ScaleInvariance invariance) {
            double cosine = ratios.isEmpty() ? Double.NaN : minCosine;
            double low = ratios.values().stream().mapToDouble(r -> r[0]).min().orElse(Double.NaN);
            double high = ratios.values().stream().mapToDouble(r -> r[1]).max().orElse(Double.NaN);
            if (ratios.isEmpty() && zeroMismatch == null) {
                return new Equivalence(true, cosine, low, high, "both gradients are ≈ 0 on every probe row");
            }
            if (minCosine < 1.0 - COSINE_TOLERANCE) {
                return new Equivalence(
                        false,
                        cosine,
                        low,
                        high,
                        "the directions differ: cosine " + Numbers.format(minCosine) + " at " + worstRow
                                + " (at least 1 - " + Numbers.format(COSINE_TOLERANCE) + " needed)");
            }
            for (Map.Entry<Integer, double[]> entry : ratios.entrySet()) {
                double smallest = entry.getValue()[0];
                double largest = entry.getValue()[1];
                String at = " at C = " + entry.getKey();
                if (invariance == ScaleInvariance.EXACT) {
                    if (Math.max(largest, 1.0 / smallest) > 1.0 + SCALE_TOLERANCE) {
                        return new Equivalence(
                                false,
                                cosine,
                                low,
                                high,
                                "same directions but the norm ratio ranges over " + range(smallest, largest) + at
                                        + "; EXACT needs 1 ± " + Numbers.format(SCALE_TOLERANCE));
                    }
                } else if (largest / smallest > 1.0 + SCALE_TOLERANCE) {
                    return new Equivalence(
                            false,
                            cosine,
                            low,
                            high,
                            "same directions but the norm ratio varies by row over " + range(smallest, largest) + at
                                    + ": the loss re-weights samples");
                } else if (smallest < MIN_SCALE_RATIO / (1.0 + SCALE_TOLERANCE)
                        || largest > MAX_SCALE_RATIO * (1.0 + SCALE_TOLERANCE)) {
                    return new Equivalence(
                            false,
                            cosine,
                            low,
                            high,
                            "same directions, constant norm ratio " + ratio(smallest) + at + ", outside ["
                                    + Numbers.format(MIN_SCALE_RATIO) + ", " + Numbers.format(MAX_SCALE_RATIO) + "]");
                }
            }
            if (zeroMismatch != null) {
                // Checked last only so that a direction or scale difference, when there is one, is what the
                // detail names: it says more than a row that falls below the ≈ 0 threshold for one loss.
                return new Equivalence(false, cosine, low, high, zeroMismatch);
            }
            return new Equivalence(
                    true,
                    cosine,
                    low,
                    high,
                    invariance == ScaleInvariance.EXACT
                            ? "same gradient on every probe row"
                            : "same directions on every probe row, norm ratio " + range(low, high)
                                    + " constant per class count");
        }

        private static String range(double smallest, double largest) {
            return "[" + ratio(smallest) + ", " + ratio(largest) + "]";
        }

        /** A ratio for the detail sentence: 7 significant digits, enough to see a 1e-6 difference. */
        private static String ratio(double value) {
            if (!Double.isFinite(value)) {
                return String.valueOf(value); // a norm ratio between a tiny and a normal row can overflow
            }
            return new BigDecimal(value)
                    .round(new MathContext(7))
                    .stripTrailingZeros()
                    .toPlainString();
        }

        private static double dot(double[] a, double[] b) {
            double sum = 0.0;
            for (int k = 0; k < a.length; k++) {
                sum += a[k] * b[k];
            }
            return sum;
        }
    }
}
