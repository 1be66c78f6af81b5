package io.lossforge.loss.eval;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Interpreter;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossHead;

/**
 * The reference meaning of a loss in double precision: its value on a batch of logits and integer labels,
 * and its gradient with respect to the logits through the softmax.
 *
 * <p>The value is the {@link LossHead} in the {@link ReferenceBatch} algebra, which yields
 * {@code g = ∂L/∂p} entry by entry; the softmax's Jacobian then gives
 * {@code ∂L/∂z_j = p_j (g_j − Σ_k g_k p_k)} per sample, in a form without cancellation.
 *
 * <p>Transcendental functions use {@link StrictMath} throughout (see {@link DualAlgebra}), so values and
 * hence screening verdicts are the same on every machine.
 */
public final class ReferenceEvaluator {

    private ReferenceEvaluator() {}

    /** The element-wise value f(p, y) and its derivative ∂f/∂p. */
    public static Dual entry(Expression expression, double p, double y) {
        return Interpreter.interpret(expression, DualAlgebra.INSTANCE, new Dual(p, 1.0), Dual.constant(y));
    }

    /**
     * Evaluates the loss on {@code logits} (N × C, C ≥ 2, finite) with {@code labels} (N class indices).
     *
     * @throws IllegalArgumentException when the shapes or labels do not fit
     */
    public static Evaluation evaluate(Loss loss, double[][] logits, int[] labels) {
        int classes = checkBatch(logits, labels);
        int samples = logits.length;
        double[][] labelColumn = new double[samples][];
        for (int n = 0; n < samples; n++) {
            labelColumn[n] = new double[] {labels[n]};
        }
        ReferenceBatch.Value reduced = LossHead.apply(
                loss,
                new ReferenceBatch(samples, classes),
                new ReferenceBatch.Value(logits, null),
                new ReferenceBatch.Value(labelColumn, null));
        double[][] gradient = new double[samples][];
        for (int n = 0; n < samples; n++) {
            gradient[n] = throughSoftmax(softmax(logits[n]), reduced.slopes()[n]);
        }
        return new Evaluation(reduced.values()[0][0], gradient);
    }

    /**
     * {@code ∂L/∂z} of one sample from {@code g = ∂L/∂p} at probabilities {@code p}:
     * {@code p_j (g_j − Σ_k g_k p_k)}, computed as {@code p_j ((g_j − g_t) − Σ_k p_k (g_k − g_t))} with
     * {@code t} the most probable class. The two are equal since {@code Σ_k p_k = 1}; the second form
     * does not cancel: a {@code g} that is the same for every class (a term whose sum over the classes
     * is constant, such as {@code p} summed) gives exactly 0, and a saturated row (p_t ≈ 1) keeps its
     * small entries accurate instead of losing them to rounding against {@code g_t}.
     */
    private static double[] throughSoftmax(double[] p, double[] g) {
        int top = 0;
        for (int k = 1; k < p.length; k++) {
            top = p[k] > p[top] ? k : top;
        }
        double reference = g[top];
        double weighted = 0.0;
        for (int k = 0; k < p.length; k++) {
            weighted += p[k] * (g[k] - reference);
        }
        double[] row = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            row[j] = p[j] * ((g[j] - reference) - weighted);
        }
        return row;
    }

    /** Numerically stable softmax of one row of logits ({@link StrictMath#exp}). */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z); // exact
        }
        double[] p = new double[logits.length];
        double sum = 0.0;
        for (int k = 0; k < logits.length; k++) {
            p[k] = StrictMath.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < logits.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static int checkBatch(double[][] logits, int[] labels) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits must hold at least one sample");
        }
        if (labels.length != logits.length) {
            throw new IllegalArgumentException(
                    "got " + logits.length + " rows of logits but " + labels.length + " labels");
        }
        int classes = logits[0].length;
        if (classes < 2) {
            throw new IllegalArgumentException("logits need at least 2 classes, got " + classes);
        }
        for (int n = 0; n < logits.length; n++) {
            if (logits[n].length != classes) {
                throw new IllegalArgumentException(
                        "logits row " + n + " has " + logits[n].length + " classes, row 0 has " + classes);
            }
            for (double z : logits[n]) {
                if (!Double.isFinite(z)) {
                    throw new IllegalArgumentException("logits row " + n + " holds a non-finite value");
                }
            }
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException(
                        "label " + labels[n] + " of sample " + n + " is outside 0.." + (classes - 1));
            }
        }
        return classes;
    }
}
