package io.lossforge.loss.eval;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Interpreter;
import io.lossforge.loss.Loss;

/**
 * The reference meaning of a loss in double precision: its value on a batch of logits and integer labels,
 * and its gradient with respect to the logits through the softmax.
 *
 * <p>With {@code p = softmax(z)} per sample, entry weights {@code w} from the reduction and
 * {@code g_k = w · ∂f/∂p (p_k, y_k)}, the gradient is {@code ∂L/∂z_j = p_j (g_j − Σ_k g_k p_k)}.
 */
public final class ReferenceEvaluator {

    private ReferenceEvaluator() {
    }

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
        double weight = loss.reduction().entryWeight(samples, classes);
        double total = 0.0;
        double[][] gradient = new double[samples][];
        for (int n = 0; n < samples; n++) {
            double[] p = softmax(logits[n]);
            double[] g = new double[classes];
            double weighted = 0.0;
            for (int k = 0; k < classes; k++) {
                Dual f = entry(loss.expression(), p[k], k == labels[n] ? 1.0 : 0.0);
                total += f.value();
                g[k] = weight * f.derivative();
                weighted += g[k] * p[k];
            }
            double[] row = new double[classes];
            for (int j = 0; j < classes; j++) {
                row[j] = p[j] * (g[j] - weighted);
            }
            gradient[n] = row;
        }
        return new Evaluation(weight * total, gradient);
    }

    /** Numerically stable softmax of one row of logits. */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0.0;
        for (int k = 0; k < logits.length; k++) {
            p[k] = Math.exp(logits[k] - max);
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
            throw new IllegalArgumentException("got " + logits.length + " rows of logits but "
                    + labels.length + " labels");
        }
        int classes = logits[0].length;
        if (classes < 2) {
            throw new IllegalArgumentException("logits need at least 2 classes, got " + classes);
        }
        for (int n = 0; n < logits.length; n++) {
            if (logits[n].length != classes) {
                throw new IllegalArgumentException("logits row " + n + " has " + logits[n].length
                        + " classes, row 0 has " + classes);
            }
            for (double z : logits[n]) {
                if (!Double.isFinite(z)) {
                    throw new IllegalArgumentException("logits row " + n + " holds a non-finite value");
                }
            }
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException("label " + labels[n] + " of sample " + n
                        + " is outside 0.." + (classes - 1));
            }
        }
        return classes;
    }
}
