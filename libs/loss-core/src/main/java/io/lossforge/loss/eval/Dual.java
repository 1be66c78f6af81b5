package io.lossforge.loss.eval;

/**
 * A value with its derivative with respect to {@code p} (forward-mode automatic differentiation in
 * double precision). {@code y} is data, so its derivative is 0.
 */
public record Dual(double value, double derivative) {

    public static Dual constant(double value) {
        return new Dual(value, 0.0);
    }
}
