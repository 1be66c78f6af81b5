package io.lossforge.loss.equiv;

import java.util.Locale;

/**
 * Whether the optimizer of a task makes a constant scale of the gradient irrelevant, and therefore how
 * strictly {@link Equivalence} compares gradient norms. The caller decides from the task's optimizer
 * ({@link #forOptimizer}).
 *
 * <p>Why scale can be irrelevant: the gradient of a batch in parameter space is {@code Σ_n J_nᵀ g_n},
 * with {@code g_n = ∂L/∂z_n} the logit gradient of sample n and {@code J_n = ∂z_n/∂θ}. When one loss's
 * {@code g_n} is {@code c · g_n} of another for every sample with one constant {@code c > 0}, its batch
 * gradient is c times the other's at every step, and Adam's step {@code m / (√v + ε)} is unchanged by c
 * (up to ε): both losses train along the same trajectory. With coupled weight decay (the gradient plus
 * {@code λθ}, as our trainer's Adam and SGD do) or with SGD (the step is proportional to the gradient),
 * c acts like a different learning rate or decay and the losses train differently.
 *
 * <p>Why the constant must not vary by row: with {@code c_n} varying by sample, {@code Σ_n c_n J_nᵀ g_n}
 * points elsewhere — the loss re-weights samples, as focal loss re-weights cross-entropy — even though
 * every per-row direction agrees.
 */
public enum ScaleInvariance {
    /**
     * Adam with {@code weightDecay} = 0: direction decides, and the norm ratio between the two losses must
     * be one constant within {@link Equivalence#MIN_SCALE_RATIO}..{@link Equivalence#MAX_SCALE_RATIO}
     * across all rows and logit scales of one class count (beyond that range Adam's ε and float32 range
     * make the scale matter again).
     */
    ADAM_NO_DECAY,
    /** Any other optimizer: direction and norm must both agree, row by row. */
    EXACT;

    /**
     * {@link #ADAM_NO_DECAY} for {@code adam} with a weight decay of exactly 0, {@link #EXACT} for
     * everything else (including {@code sgd}, whose step is proportional to the gradient).
     */
    public static ScaleInvariance forOptimizer(String optimizer, double weightDecay) {
        boolean adam =
                optimizer != null && optimizer.trim().toLowerCase(Locale.ROOT).equals("adam");
        return adam && weightDecay == 0.0 ? ADAM_NO_DECAY : EXACT;
    }
}
