package io.lossforge.loss.reject;

import io.lossforge.loss.Loss;
import io.lossforge.loss.eval.Evaluation;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.Numbers;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * EvoMAL's rejection protocol (Raymond et al. 2023): before a candidate loss is trained, optimise a fixed
 * probe batch of logits directly under it and reject it when the classification error does not fall.
 * No model and no trainer: the logits themselves are the parameters, so the test asks only whether
 * following the loss's gradient makes the labels win the argmax — what any useful classification loss
 * must do, and what a loss that ignores {@code y}, pushes the wrong way or is constant cannot do.
 *
 * <p>The procedure, all in double precision:
 * <ol>
 *   <li>the probe batch: {@code samples} rows × {@code classes} logits drawn from N(0, {@value
 *       #INITIAL_LOGIT_SCALE}²), labels uniform over the classes, from a {@link SplittableRandom} with
 *       the protocol's seed (Box–Muller spelled out with {@link StrictMath}) — the same numbers on every
 *       machine. Small logits put the softmax near uniform, the regime a freshly initialised
 *       classifier starts in, and make the initial error about {@code 1 − 1/C};</li>
 *   <li>{@code steps} updates of plain Adam (no weight decay; β₁ = {@value #BETA1}, β₂ = {@value #BETA2},
 *       ε = {@value #EPSILON}, the PyTorch defaults) with the protocol's learning rate on the logits,
 *       against ∂L/∂logits from {@link ReferenceEvaluator#evaluate} in the loss's own reduction;</li>
 *   <li>the error rate (a row is an error unless its label's logit is strictly the largest, so a loss
 *       that makes all logits equal gets no credit) before the first and after the last step.</li>
 * </ol>
 *
 * <p><b>Criterion.</b> Accepted iff the loss and its gradient are finite at every point visited
 * (including the last) and the final error rate is at least {@code minimumFall} (absolute, a fraction of
 * the rows) below both the initial error rate and chance, {@code 1 − 1/C}:
 * {@code final ≤ min(initial, 1 − 1/C) − minimumFall}. Why: a loss blind to the labels either leaves
 * the argmaxes where they were (the error stays at its initial value) or moves them without regard to
 * the labels (the error ends near chance, within about √((1 − 1/C) / (C N)), 0.027 for N = 128, C = 10);
 * the default {@value #DEFAULT_MINIMUM_FALL} is about four of those standard deviations below either, so
 * chance does not pass, yet far below what a working loss achieves (CE, focal, NGL bring the error of
 * the standard probe to 0) — a loss that helps only some rows still passes. For C = 2 the chance spread
 * is larger (0.044 at N = 128): use more samples or a larger {@code minimumFall} there.
 *
 * <p><b>Reductions.</b> {@code mean} and {@code sum} differ by the constant factor C, and Adam divides
 * each step by the gradient's running RMS, so both give the same steps up to ε: the verdict does not
 * depend on the reduction in practice.
 *
 * <p>Non-finite values never throw: they are the verdict {@link RejectionVerdict.Outcome#NON_FINITE}, as
 * is a gradient entry so large (above about 1e154) that its square overflows Adam's second moment,
 * which would otherwise make the step silently 0.
 * A protocol is immutable and thread-safe; {@link #test} is a pure function of (loss, protocol). Cost:
 * {@code steps + 1} reference evaluations of {@code samples × classes} entries — for the standard
 * protocol about 20 ms (a constant) to 80 ms (CE, NGL) of CPU per loss.
 */
public final class RejectionProtocol {

    /** Standard deviation of the initial logits. */
    public static final double INITIAL_LOGIT_SCALE = 0.1;

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    public static final int DEFAULT_SAMPLES = 128;
    public static final int DEFAULT_CLASSES = 10;
    public static final int DEFAULT_STEPS = 300;
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final double DEFAULT_MINIMUM_FALL = 0.1;
    public static final long DEFAULT_SEED = 20230201L;

    /** 128 rows, C = 10, 300 steps, learning rate 0.01, minimum fall 0.1, seed 20230201. */
    public static final RejectionProtocol STANDARD = builder().build();

    private final int samples;
    private final int classes;
    private final int steps;
    private final double learningRate;
    private final double minimumFall;
    private final long seed;
    private final double[][] initialLogits;
    private final int[] labels;

    private RejectionProtocol(Builder builder) {
        this.samples = builder.samples;
        this.classes = builder.classes;
        this.steps = builder.steps;
        this.learningRate = builder.learningRate;
        this.minimumFall = builder.minimumFall;
        this.seed = builder.seed;
        this.initialLogits = new double[samples][classes];
        this.labels = new int[samples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < samples; n++) {
            for (int k = 0; k < classes; k++) {
                initialLogits[n][k] = INITIAL_LOGIT_SCALE * gaussian(random);
            }
            labels[n] = random.nextInt(classes);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the protocol on {@code loss}. Never throws for a property of the loss: non-finite values and
     * gradients are a {@link RejectionVerdict.Outcome#NON_FINITE} verdict.
     */
    public RejectionVerdict test(Loss loss) {
        double[][] logits = copy(initialLogits);
        double initial = errorRate(logits);
        Adam adam = new Adam(samples, classes, learningRate, BETA1, BETA2, EPSILON);
        for (int step = 0; step <= steps; step++) {
            Evaluation evaluation = ReferenceEvaluator.evaluate(loss, logits, labels);
            String problem = nonFinite(evaluation);
            if (problem != null) {
                return new RejectionVerdict(
                        RejectionVerdict.Outcome.NON_FINITE,
                        initial,
                        errorRate(logits),
                        step,
                        "after " + step + " of " + steps + " Adam steps " + problem);
            }
            if (step == steps) {
                break; // the last point is evaluated only for finiteness
            }
            if (!adam.update(logits, evaluation.gradient())) {
                return new RejectionVerdict(
                        RejectionVerdict.Outcome.NON_FINITE,
                        initial,
                        errorRate(logits),
                        step + 1,
                        "after " + (step + 1) + " of " + steps
                                + " Adam steps a squared gradient entry overflowed to Infinity (an entry above about 1e154)");
            }
        }
        double fin = errorRate(logits);
        double bar = Math.min(initial, 1.0 - 1.0 / classes) - minimumFall;
        boolean accepted = fin <= bar;
        String sentence = String.format(
                Locale.ROOT,
                "after %d Adam steps on %d probe rows (C = %d) the error rate went from %.3f to %.3f, %s %.3f"
                        + " (%s below the lesser of the initial rate and chance)",
                steps,
                samples,
                classes,
                initial,
                fin,
                accepted ? "at most" : "above",
                bar,
                Numbers.format(minimumFall));
        return new RejectionVerdict(
                accepted ? RejectionVerdict.Outcome.ACCEPTED : RejectionVerdict.Outcome.NO_IMPROVEMENT,
                initial,
                fin,
                steps,
                sentence);
    }

    /** Null when the loss and every gradient entry are finite, else what is not, as a clause. */
    private static String nonFinite(Evaluation evaluation) {
        if (!Double.isFinite(evaluation.loss())) {
            return "the loss is " + evaluation.loss();
        }
        double[][] gradient = evaluation.gradient();
        for (int n = 0; n < gradient.length; n++) {
            for (int k = 0; k < gradient[n].length; k++) {
                if (!Double.isFinite(gradient[n][k])) {
                    return "the gradient entry of row " + n + ", class " + k + " is " + gradient[n][k];
                }
            }
        }
        return null;
    }

    /** Fraction of rows whose label's logit is not strictly larger than every other logit. */
    private double errorRate(double[][] logits) {
        int errors = 0;
        for (int n = 0; n < samples; n++) {
            double target = logits[n][labels[n]];
            for (int k = 0; k < classes; k++) {
                if (k != labels[n] && logits[n][k] >= target) {
                    errors++;
                    break;
                }
            }
        }
        return (double) errors / samples;
    }

    private static double[][] copy(double[][] matrix) {
        double[][] out = new double[matrix.length][];
        for (int n = 0; n < matrix.length; n++) {
            out[n] = matrix[n].clone();
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller spelled out: the JDK's nextGaussian algorithm may differ between versions, the probe
        // must not; StrictMath for the same reason.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
    }

    public int samples() {
        return samples;
    }

    public int classes() {
        return classes;
    }

    public int steps() {
        return steps;
    }

    public double learningRate() {
        return learningRate;
    }

    public double minimumFall() {
        return minimumFall;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "RejectionProtocol[samples=" + samples + ", classes=" + classes + ", steps=" + steps
                + ", learningRate=" + Numbers.format(learningRate) + ", minimumFall="
                + Numbers.format(minimumFall) + ", seed=" + seed + "]";
    }

    /**
     * Parameters of a protocol, starting from the defaults. {@link #build} validates them all and names
     * the first that is out of range.
     */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;
        private int classes = DEFAULT_CLASSES;
        private int steps = DEFAULT_STEPS;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double minimumFall = DEFAULT_MINIMUM_FALL;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        /** Probe rows, 100..4,096: fewer would make the chance fluctuation of the error rate rival the margin. */
        public Builder samples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Classes C, 2..1,000. */
        public Builder classes(int classes) {
            this.classes = classes;
            return this;
        }

        /** Adam steps, 1..10,000. */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Adam's learning rate: finite, in (0, 10]. */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** How much the error rate must fall (absolute, as a fraction of the rows): in (0, 1). */
        public Builder minimumFall(double minimumFall) {
            this.minimumFall = minimumFall;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @throws IllegalArgumentException naming the first parameter out of range */
        public RejectionProtocol build() {
            if (samples < 100 || samples > 4_096) {
                throw new IllegalArgumentException("samples must be in 100..4096, got " + samples);
            }
            if (classes < 2 || classes > 1_000) {
                throw new IllegalArgumentException("classes must be in 2..1000, got " + classes);
            }
            if (steps < 1 || steps > 10_000) {
                throw new IllegalArgumentException("steps must be in 1..10000, got " + steps);
            }
            if (!(learningRate > 0.0 && learningRate <= 10.0)) {
                throw new IllegalArgumentException("learningRate must be finite and in (0, 10], got " + learningRate);
            }
            if (!(minimumFall > 0.0 && minimumFall < 1.0)) {
                throw new IllegalArgumentException("minimumFall must be in (0, 1), got " + minimumFall);
            }
            return new RejectionProtocol(this);
        }
    }
}
