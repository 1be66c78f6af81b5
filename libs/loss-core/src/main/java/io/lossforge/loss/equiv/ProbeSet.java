package io.lossforge.loss.equiv;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The fixed probe batches on which a {@link GradientFingerprint} is taken: for every class count C and
 * every logit scale s, one batch of {@code rows} samples whose logits are drawn from N(0, s²) and whose
 * labels are uniform over the C classes. The batches are a function of the parameters only (a seeded
 * {@link SplittableRandom}, Box–Muller spelled out with {@link StrictMath}), so every machine and every
 * run probes with the very same numbers.
 *
 * <p>Why several scales: at s = 0.5 the softmax is nearly uniform, at s = 8 most rows are confidently
 * right or wrong — the regimes where losses such as CE and focal differ most. Why several class counts:
 * a task trains at one C, and two losses may agree at one C only (the scale between the reductions
 * {@code mean} and {@code sum} is C); a caller that knows its task's C can include it
 * ({@link #of}). Fingerprints compare only on equal probe sets.
 *
 * <p>Immutable; equality is by the parameters.
 */
public final class ProbeSet {

    /** C ∈ {2, 10}, s ∈ {0.5, 2, 8}, 64 rows per batch: six batches, 2,304 logits. */
    public static final ProbeSet STANDARD = of(List.of(2, 10), List.of(0.5, 2.0, 8.0), 64, 20260511L);

    /** One probe batch: its class count, logit scale, logits (rows × C) and labels. */
    record Batch(int classes, double scale, double[][] logits, int[] labels) {
        /** {@code the probe batch C = 10, s = 8.0}, for messages. */
        String describe() {
            return "the probe batch C = " + classes + ", s = " + scale;
        }
    }

    private final List<Integer> classCounts;
    private final List<Double> logitScales;
    private final int rows;
    private final long seed;
    private final List<Batch> batches;

    private ProbeSet(List<Integer> classCounts, List<Double> logitScales, int rows, long seed) {
        this.classCounts = classCounts;
        this.logitScales = logitScales;
        this.rows = rows;
        this.seed = seed;
        this.batches = draw();
    }

    /**
     * A probe set; batches are ordered by class count, then scale, as given.
     *
     * @throws IllegalArgumentException for an empty or non-distinct list, a class count below 2 or above
     *     1,000, a scale that is not positive and finite, or {@code rows} outside 1..4,096
     */
    public static ProbeSet of(List<Integer> classCounts, List<Double> logitScales, int rows, long seed) {
        List<Integer> counts = List.copyOf(classCounts);
        List<Double> scales = List.copyOf(logitScales);
        if (counts.isEmpty() || counts.stream().distinct().count() != counts.size()) {
            throw new IllegalArgumentException("classCounts must be distinct and not empty: " + counts);
        }
        if (counts.stream().anyMatch(c -> c < 2 || c > 1_000)) {
            throw new IllegalArgumentException("every class count must be in 2..1000: " + counts);
        }
        if (scales.isEmpty() || scales.stream().distinct().count() != scales.size()) {
            throw new IllegalArgumentException("logitScales must be distinct and not empty: " + scales);
        }
        if (scales.stream().anyMatch(s -> !(s > 0) || !Double.isFinite(s))) {
            throw new IllegalArgumentException("every logit scale must be positive and finite: " + scales);
        }
        if (rows < 1 || rows > 4_096) {
            throw new IllegalArgumentException("rows must be in 1..4096, got " + rows);
        }
        return new ProbeSet(counts, scales, rows, seed);
    }

    public List<Integer> classCounts() {
        return classCounts;
    }

    public List<Double> logitScales() {
        return logitScales;
    }

    /** Samples per batch. */
    public int rows() {
        return rows;
    }

    public long seed() {
        return seed;
    }

    /** Number of batches: class counts × scales. */
    public int batchCount() {
        return batches.size();
    }

    /**
     * A stable text naming the parameters, e.g. {@code C=2,10;s=0.5,2,8;rows=64;seed=20260511}: part of
     * every family key, so that keys of different probe sets never meet.
     */
    public String id() {
        return "C=" + classCounts.stream().map(String::valueOf).collect(Collectors.joining(","))
                + ";s=" + logitScales.stream().map(ProbeSet::format).collect(Collectors.joining(","))
                + ";rows=" + rows + ";seed=" + seed;
    }

    /** The batches, in order (shared arrays: callers in this package never modify them). */
    List<Batch> batches() {
        return batches;
    }

    private List<Batch> draw() {
        List<Batch> out = new ArrayList<>();
        for (int c = 0; c < classCounts.size(); c++) {
            for (int s = 0; s < logitScales.size(); s++) {
                int classes = classCounts.get(c);
                double scale = logitScales.get(s);
                // One generator per batch, so adding a scale or a class count leaves the other batches as they were.
                SplittableRandom random = new SplittableRandom(
                        seed ^ (1_000_003L * classes) ^ (Double.doubleToLongBits(scale) * 0x9E3779B97F4A7C15L));
                double[][] logits = new double[rows][classes];
                int[] labels = new int[rows];
                for (int n = 0; n < rows; n++) {
                    for (int k = 0; k < classes; k++) {
                        logits[n][k] = scale * gaussian(random);
                    }
                    labels[n] = random.nextInt(classes);
                }
                out.add(new Batch(classes, scale, logits, labels));
            }
        }
        return List.copyOf(out);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller spelled out: the JDK's nextGaussian algorithm may differ between versions, the
        // probes must not; StrictMath for the same reason.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value)
                : String.valueOf(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProbeSet that
                && rows == that.rows
                && seed == that.seed
                && classCounts.equals(that.classCounts)
                && logitScales.equals(that.logitScales);
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return "ProbeSet[" + id() + "]";
    }
}
