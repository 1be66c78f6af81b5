package io.lossforge.loss.eval;

import io.lossforge.loss.BatchAlgebra;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The {@link BatchAlgebra} of the reference evaluator: every entry a {@link Dual} in its own p, by the
 * element-wise {@link DualAlgebra}. Since f(p, y) is element-wise and both reductions are weighted sums,
 * the derivative of the loss with respect to the entry p[n][k] is that entry's slope times its weight,
 * so a reduced value keeps one slope per entry. {@link #softmax} seeds the slopes with 1 (∂p/∂p); the
 * chain rule through the softmax itself is applied analytically by {@link ReferenceEvaluator}.
 */
final class ReferenceBatch implements BatchAlgebra<ReferenceBatch.Value> {

    /**
     * @param values an N × C batch, N × 1 per-sample values or one 1 × 1 value
     * @param slopes N × C: ∂(the value entry [n][k] feeds) / ∂p[n][k]; null for logits and labels
     */
    record Value(double[][] values, double[][] slopes) {}

    private static final DualAlgebra DUAL = DualAlgebra.INSTANCE;

    private final int samples;
    private final int classes;

    ReferenceBatch(int samples, int classes) {
        this.samples = samples;
        this.classes = classes;
    }

    private Value map(Value a, UnaryOperator<Dual> operation) {
        return zip(a, a, (x, ignored) -> operation.apply(x));
    }

    private Value zip(Value a, Value b, BinaryOperator<Dual> operation) {
        double[][] values = new double[samples][classes];
        double[][] slopes = new double[samples][classes];
        for (int n = 0; n < samples; n++) {
            for (int k = 0; k < classes; k++) {
                Dual result = operation.apply(
                        new Dual(a.values()[n][k], a.slopes()[n][k]), new Dual(b.values()[n][k], b.slopes()[n][k]));
                values[n][k] = result.value();
                slopes[n][k] = result.derivative();
            }
        }
        return new Value(values, slopes);
    }

    private Value filled(double value, double slope) {
        double[][] values = new double[samples][classes];
        double[][] slopes = new double[samples][classes];
        for (int n = 0; n < samples; n++) {
            java.util.Arrays.fill(values[n], value);
            java.util.Arrays.fill(slopes[n], slope);
        }
        return new Value(values, slopes);
    }

    @Override
    public Value softmax(Value logits) {
        Value p = filled(0.0, 1.0);
        for (int n = 0; n < samples; n++) {
            p.values()[n] = ReferenceEvaluator.softmax(logits.values()[n]);
        }
        return p;
    }

    @Override
    public Value oneHot(Value labels, Value probabilities) {
        Value y = filled(0.0, 0.0);
        for (int n = 0; n < samples; n++) {
            y.values()[n][(int) labels.values()[n][0]] = 1.0;
        }
        return y;
    }

    @Override
    public Value entries(Value values, Value like) {
        return values; // constants are already full batches
    }

    @Override
    public Value meanOverAll(Value entries) {
        return weighted(sum(entries), 1.0 / ((double) samples * classes));
    }

    @Override
    public Value sumOverClasses(Value entries) {
        double[][] sums = new double[samples][1];
        for (int n = 0; n < samples; n++) {
            for (int k = 0; k < classes; k++) {
                sums[n][0] += entries.values()[n][k];
            }
        }
        return new Value(sums, entries.slopes());
    }

    @Override
    public Value meanOverSamples(Value perSample) {
        return weighted(sum(perSample), 1.0 / samples);
    }

    /** The sum of all values, with the slopes unchanged. */
    private static Value sum(Value value) {
        double total = 0.0;
        for (double[] row : value.values()) {
            for (double v : row) {
                total += v;
            }
        }
        return new Value(new double[][] {{total}}, value.slopes());
    }

    private Value weighted(Value sum, double weight) {
        double[][] slopes = new double[samples][classes];
        for (int n = 0; n < samples; n++) {
            for (int k = 0; k < classes; k++) {
                slopes[n][k] = weight * sum.slopes()[n][k];
            }
        }
        return new Value(new double[][] {{weight * sum.values()[0][0]}}, slopes);
    }

    @Override
    public Value constant(double value) {
        return filled(value, 0.0);
    }

    @Override
    public Value add(Value a, Value b) {
        return zip(a, b, DUAL::add);
    }

    @Override
    public Value subtract(Value a, Value b) {
        return zip(a, b, DUAL::subtract);
    }

    @Override
    public Value multiply(Value a, Value b) {
        return zip(a, b, DUAL::multiply);
    }

    @Override
    public Value divide(Value a, Value b) {
        return zip(a, b, DUAL::divide);
    }

    @Override
    public Value negate(Value a) {
        return map(a, DUAL::negate);
    }

    @Override
    public Value exp(Value a) {
        return map(a, DUAL::exp);
    }

    @Override
    public Value ln(Value a) {
        return map(a, DUAL::ln);
    }

    @Override
    public Value sqrt(Value a) {
        return map(a, DUAL::sqrt);
    }

    @Override
    public Value abs(Value a) {
        return map(a, DUAL::abs);
    }

    @Override
    public Value sin(Value a) {
        return map(a, DUAL::sin);
    }

    @Override
    public Value cos(Value a) {
        return map(a, DUAL::cos);
    }

    @Override
    public Value tanh(Value a) {
        return map(a, DUAL::tanh);
    }

    @Override
    public Value sigmoid(Value a) {
        return map(a, DUAL::sigmoid);
    }

    @Override
    public Value minimum(Value a, Value b) {
        return zip(a, b, DUAL::minimum);
    }

    @Override
    public Value maximum(Value a, Value b) {
        return zip(a, b, DUAL::maximum);
    }

    @Override
    public Value clampMin(Value a, double lower) {
        return map(a, x -> DUAL.clampMin(x, lower));
    }

    @Override
    public Value awayFromZero(Value a, double epsilon) {
        return map(a, x -> DUAL.awayFromZero(x, epsilon));
    }

    @Override
    public Value pow(Value a, double exponent) {
        return map(a, x -> DUAL.pow(x, exponent));
    }
}
