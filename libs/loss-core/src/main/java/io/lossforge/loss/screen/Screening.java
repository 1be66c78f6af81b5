package io.lossforge.loss.screen;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.Variable;
import io.lossforge.loss.eval.Dual;
import io.lossforge.loss.eval.Evaluation;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.print.Numbers;
import io.lossforge.loss.simplify.Simplifier;
import java.util.SplittableRandom;

/**
 * Cheap, deterministic checks that reject hopeless losses before any training. Pure functions: the same
 * loss always gets the same verdict. The screens run in order and the first failure is the verdict:
 * <ol>
 *   <li>{@link RejectionReason#MISSING_VARIABLE}: the simplified expression uses both p and y;</li>
 *   <li>{@link RejectionReason#NON_FINITE}: value and ∂f/∂p are finite on {@value #GRID_STEPS}+1 evenly
 *       spaced p ∈ [0, 1] for y = 0 and y = 1;</li>
 *   <li>{@link RejectionReason#CONSTANT_IN_P}: the value varies with p for y = 0 or for y = 1;</li>
 *   <li>{@link RejectionReason#WRONG_DIRECTION}: where the target class starts unlikely — equal logits,
 *       and random logits whose argmax is another class with the target probability at most twice the
 *       uniform one — a small step along minus the gradient must raise the target probability, at equal
 *       logits and in at least {@value #MAJORITY_PERCENT}% of the random samples.</li>
 * </ol>
 * All arithmetic is the reference evaluator's ({@link StrictMath} for every transcendental function),
 * so a verdict is the same on every machine.
 *
 * <p>The direction test deliberately stays below the optimum of confidence-capping losses such as NGL
 * (optimum near 0.39 for 10 classes), which are right not to push beyond it.
 */
public final class Screening {

    static final int GRID_STEPS = 64;
    static final int CLASSES = 10;
    static final int RANDOM_SAMPLES = 200;
    static final int MAJORITY_PERCENT = 80;
    private static final double STEP = 1e-3;
    private static final double LOGIT_SCALE = 2.0;
    private static final long SEED = 20240419L;
    private static final double[][] RANDOM_LOGITS = unlikelyTargetLogits();

    private Screening() {}

    public static Verdict screen(Loss loss) {
        Expression simplified = Simplifier.simplify(loss.expression());
        if (!simplified.contains(Variable.P) || !simplified.contains(Variable.Y)) {
            return Verdict.rejected(
                    RejectionReason.MISSING_VARIABLE,
                    "the simplified expression "
                            + (simplified.contains(Variable.P) ? "does not use y" : "does not use p")
                            + "; a loss must depend on both the prediction p and the target y");
        }
        Verdict grid = gridChecks(loss.expression());
        return grid.isAccepted() ? directionCheck(loss) : grid;
    }

    private static Verdict gridChecks(Expression expression) {
        boolean varies = false;
        for (int y = 0; y <= 1; y++) {
            double first = Double.NaN;
            for (int i = 0; i <= GRID_STEPS; i++) {
                double p = (double) i / GRID_STEPS;
                Dual f = ReferenceEvaluator.entry(expression, p, y);
                if (!Double.isFinite(f.value()) || !Double.isFinite(f.derivative())) {
                    return Verdict.rejected(
                            RejectionReason.NON_FINITE,
                            "at p = " + Numbers.format(p) + ", y = " + y + " the value is " + f.value()
                                    + " and its derivative " + f.derivative());
                }
                if (i == 0) {
                    first = f.value();
                } else if (Math.abs(f.value() - first) > 1e-12 * Math.max(1.0, Math.abs(first))) {
                    varies = true;
                }
            }
        }
        return varies
                ? Verdict.accepted()
                : Verdict.rejected(
                        RejectionReason.CONSTANT_IN_P,
                        "the value does not change with p on [0, 1], neither for y = 0 nor for y = 1");
    }

    private static Verdict directionCheck(Loss loss) {
        if (!raisesTarget(loss, new double[CLASSES])) {
            return Verdict.rejected(
                    RejectionReason.WRONG_DIRECTION,
                    "at equal logits (" + CLASSES
                            + " classes) a step against the gradient does not raise the target probability");
        }
        int raised = 0;
        for (double[] logits : RANDOM_LOGITS) {
            if (raisesTarget(loss, logits)) {
                raised++;
            }
        }
        int percent = 100 * raised / RANDOM_LOGITS.length;
        return percent >= MAJORITY_PERCENT
                ? Verdict.accepted()
                : Verdict.rejected(
                        RejectionReason.WRONG_DIRECTION,
                        "a step against the gradient raises an unlikely target's probability in only " + percent
                                + "% of " + RANDOM_LOGITS.length + " random samples (at least " + MAJORITY_PERCENT
                                + "% needed)");
    }

    /** Target is class 0; one normalised gradient step of length {@link #STEP} on the logits. */
    private static boolean raisesTarget(Loss loss, double[] logits) {
        Evaluation evaluation = ReferenceEvaluator.evaluate(loss, new double[][] {logits}, new int[] {0});
        double[] gradient = evaluation.gradient()[0];
        double norm = 0.0;
        for (double g : gradient) {
            norm += g * g;
        }
        norm = Math.sqrt(norm); // exact IEEE-754 operation, like abs and max: no StrictMath needed
        if (!(norm > 0.0) || !Double.isFinite(norm)) {
            return false;
        }
        double[] stepped = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            stepped[k] = logits[k] - STEP * gradient[k] / norm;
        }
        return ReferenceEvaluator.softmax(stepped)[0] > ReferenceEvaluator.softmax(logits)[0];
    }

    /** Fixed random logits with target 0 whose argmax is another class and p_0 ≤ 2 / C. */
    private static double[][] unlikelyTargetLogits() {
        SplittableRandom random = new SplittableRandom(SEED);
        double[][] samples = new double[RANDOM_SAMPLES][];
        int found = 0;
        while (found < RANDOM_SAMPLES) {
            double[] logits = new double[CLASSES];
            int argmax = 0;
            for (int k = 0; k < CLASSES; k++) {
                logits[k] = LOGIT_SCALE * gaussian(random);
                argmax = logits[k] > logits[argmax] ? k : argmax;
            }
            if (argmax != 0 && ReferenceEvaluator.softmax(logits)[0] <= 2.0 / CLASSES) {
                samples[found++] = logits;
            }
        }
        return samples;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller spelled out: the JDK's nextGaussian algorithm may differ between versions, and the
        // verdicts must not; StrictMath for the same reason (sqrt is exact in either).
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
    }
}
