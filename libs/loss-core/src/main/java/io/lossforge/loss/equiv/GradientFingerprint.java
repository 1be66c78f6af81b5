package io.lossforge.loss.equiv;

import io.lossforge.loss.Loss;
import io.lossforge.loss.eval.Evaluation;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.InfixPrinter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a loss does to the logits: its gradient ∂L/∂z on the fixed batches of a {@link ProbeSet}, in the
 * loss's own reduction, by the {@link ReferenceEvaluator} (double precision, {@link StrictMath}), kept as
 * one unit direction and one norm per sample row. Two losses whose fingerprints are {@link Equivalence
 * equivalent} push every probe sample the same way and so train alike (AutoLoss-Zero's gradient
 * equivalence); a term without {@code p} ({@code - y}, {@code + cos(2)}) changes nothing here.
 *
 * <p>Rules:
 * <ul>
 *   <li><b>≈ 0 rows</b>: a row whose norm is at most {@link #ZERO_ROW} times the largest row norm of its
 *       batch (in this fingerprint) counts as zero; its direction is the zero vector. Such a row adds
 *       nothing to a batch gradient, and its direction is rounding noise (a saturated softmax).</li>
 *   <li><b>Undefined</b>: when the loss or any gradient entry on any probe batch is not finite, or the
 *       loss's magnitude exceeds {@code Float.MAX_VALUE / (rows × C)} (then an entry may overflow the
 *       trainer's float32 arithmetic, which stops the trial as diverged, while the double-precision
 *       reference goes on), the fingerprint is undefined: equivalent to nothing, with no family key.</li>
 *   <li><b>Family key</b>: see {@link #familyKey()}; it only narrows a look-up, the decision is always
 *       {@link Equivalence#between}.</li>
 * </ul>
 *
 * <p>A fingerprint is a pure function of (loss, probe set), the same on every machine. Immutable and
 * thread-safe. Cost: six reference evaluations of 64 rows (about a millisecond for a tree of 20 nodes).
 */
public final class GradientFingerprint {

    /** Rows with a norm at most this fraction of their batch's largest count as zero. */
    public static final double ZERO_ROW = 1e-8;
    /** The family key reads the first this many rows of every probe batch. */
    public static final int KEY_ROWS = 8;
    /** The family key rounds each direction component to a multiple of 1 / this. */
    public static final int KEY_STEPS = 4;

    private final Loss loss;
    private final ProbeSet probes;
    /** [batch][row][class]; zero vectors for ≈ 0 rows; null when undefined. */
    private final double[][][] directions;
    /** [batch][row]; null when undefined. */
    private final double[][] norms;
    /** [batch][row]: whether the row counts as ≈ 0; null when undefined. */
    private final boolean[][] zero;

    private final String undefinedReason;
    private final String familyKey;

    private GradientFingerprint(
            Loss loss,
            ProbeSet probes,
            double[][][] directions,
            double[][] norms,
            boolean[][] zero,
            String undefinedReason) {
        this.loss = loss;
        this.probes = probes;
        this.directions = directions;
        this.norms = norms;
        this.zero = zero;
        this.undefinedReason = undefinedReason;
        this.familyKey = undefinedReason == null ? key(probes, directions) : null;
    }

    /** The fingerprint on {@link ProbeSet#STANDARD}. */
    public static GradientFingerprint of(Loss loss) {
        return of(loss, ProbeSet.STANDARD);
    }

    /** The fingerprint of {@code loss} on {@code probes}; never throws for a loss that misbehaves. */
    public static GradientFingerprint of(Loss loss, ProbeSet probes) {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(probes, "probes");
        List<ProbeSet.Batch> batches = probes.batches();
        double[][][] directions = new double[batches.size()][][];
        double[][] norms = new double[batches.size()][];
        boolean[][] zero = new boolean[batches.size()][];
        for (int b = 0; b < batches.size(); b++) {
            ProbeSet.Batch batch = batches.get(b);
            Evaluation evaluation = ReferenceEvaluator.evaluate(loss, batch.logits(), batch.labels());
            String problem = problem(evaluation, batch);
            if (problem != null) {
                return new GradientFingerprint(loss, probes, null, null, null, problem + " on " + batch.describe());
            }
            directions[b] = new double[batch.logits().length][];
            norms[b] = new double[batch.logits().length];
            zero[b] = new boolean[batch.logits().length];
            for (int n = 0; n < norms[b].length; n++) {
                norms[b][n] = norm(evaluation.gradient()[n]);
            }
            double largest = 0.0;
            for (double norm : norms[b]) {
                largest = Math.max(largest, norm);
            }
            for (int n = 0; n < norms[b].length; n++) {
                double[] row = evaluation.gradient()[n];
                double[] unit = new double[row.length];
                zero[b][n] = !(norms[b][n] > ZERO_ROW * largest);
                if (!zero[b][n]) {
                    for (int k = 0; k < row.length; k++) {
                        unit[k] = row[k] / norms[b][n];
                    }
                }
                directions[b][n] = unit;
            }
        }
        return new GradientFingerprint(loss, probes, directions, norms, zero, null);
    }

    /** Why the evaluation cannot be fingerprinted, or null. */
    private static String problem(Evaluation evaluation, ProbeSet.Batch batch) {
        if (!Double.isFinite(evaluation.loss())) {
            return "the loss is " + evaluation.loss();
        }
        double float32Limit = Float.MAX_VALUE / ((double) batch.logits().length * batch.classes());
        if (Math.abs(evaluation.loss()) > float32Limit) {
            return "the loss " + evaluation.loss() + " may overflow float32 entries";
        }
        for (int n = 0; n < evaluation.gradient().length; n++) {
            for (double value : evaluation.gradient()[n]) {
                if (!Double.isFinite(value)) {
                    return "the gradient of row " + n + " is not finite";
                }
            }
        }
        return null;
    }

    /** The Euclidean norm, scaled by the largest entry so that squares of large entries cannot overflow. */
    private static double norm(double[] row) {
        double largest = 0.0;
        for (double value : row) {
            largest = Math.max(largest, Math.abs(value));
        }
        if (largest == 0.0) {
            return 0.0;
        }
        double sum = 0.0;
        for (double value : row) {
            double scaled = value / largest;
            sum += scaled * scaled;
        }
        return largest * Math.sqrt(sum); // sqrt is exact IEEE-754: no StrictMath needed
    }

    /**
     * SHA-256 (first 16 hex digits) over the probe set's id and the directions of the first
     * {@link #KEY_ROWS} rows of every batch, each component rounded to a multiple of 1/{@link #KEY_STEPS}.
     */
    private static String key(ProbeSet probes, double[][][] directions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(probes.id().getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(4);
            for (double[][] batch : directions) {
                for (int n = 0; n < Math.min(KEY_ROWS, batch.length); n++) {
                    for (double component : batch[n]) {
                        buffer.clear();
                        buffer.putInt((int) Math.round(component * KEY_STEPS));
                        digest.update(buffer.array());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    public Loss loss() {
        return loss;
    }

    public ProbeSet probes() {
        return probes;
    }

    /** Whether the gradient is finite on every probe batch (see the class's rules). */
    public boolean isDefined() {
        return undefinedReason == null;
    }

    /** Why the fingerprint is undefined (naming the probe batch), or empty when it is defined. */
    public Optional<String> undefinedReason() {
        return Optional.ofNullable(undefinedReason);
    }

    /**
     * A stable bucket for data-base look-ups (16 hex digits; empty when undefined): fingerprints that
     * are {@link Equivalence equivalent} because they agree to rounding error share it, under either
     * {@link ScaleInvariance} (it reads directions only). It only narrows: fingerprints sharing a key
     * must still be compared by {@link Equivalence#between}, which decides. Losses that are merely close
     * — directions within the decision's tolerance but not to rounding error — can fall on two sides of
     * a rounding boundary and then miss each other; a look-up by key can miss such a near-equivalent,
     * never report a false one.
     */
    public Optional<String> familyKey() {
        return Optional.ofNullable(familyKey);
    }

    /** The norm of row {@code row} of batch {@code batch} ({@link ProbeSet} order). */
    public double norm(int batch, int row) {
        requireDefined();
        return norms[batch][row];
    }

    /** The unit direction of a row (a copy), the zero vector for a ≈ 0 row. */
    public double[] direction(int batch, int row) {
        requireDefined();
        return directions[batch][row].clone();
    }

    /** Whether a row counts as zero (see {@link #ZERO_ROW}). */
    public boolean isZeroRow(int batch, int row) {
        requireDefined();
        return isZero(batch, row);
    }

    boolean isZero(int batch, int row) {
        return zero[batch][row];
    }

    /** Package access for {@link Equivalence}: no copies. */
    double[] unit(int batch, int row) {
        return directions[batch][row];
    }

    double rawNorm(int batch, int row) {
        return norms[batch][row];
    }

    private void requireDefined() {
        if (undefinedReason != null) {
            throw new IllegalStateException("the fingerprint is undefined: " + undefinedReason);
        }
    }

    @Override
    public String toString() {
        return "GradientFingerprint[" + InfixPrinter.print(loss.expression()) + " ["
                + loss.reduction().id() + "], " + (isDefined() ? "key " + familyKey : "undefined: " + undefinedReason)
                + "]";
    }
}
