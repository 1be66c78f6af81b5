package io.lossforge.loss;

/**
 * The primitive operations in which {@link Operator} defines every operator's meaning.
 *
 * <p>Each consumer of the loss language implements this interface once — doubles with derivatives
 * (the reference evaluator), DJL NDArrays (the trainer), PyTorch source text (the exporter) — and so
 * inherits the protected semantics from the single table instead of re-implementing them.
 *
 * <p>Contract: every primitive is the plain IEEE-754 / PyTorch operation of the same name; nothing is
 * protected here. Gradients, where an implementation has them, follow PyTorch autograd: {@code abs}
 * has derivative 0 at 0; {@code minimum}/{@code maximum} split the gradient equally on ties;
 * {@code clampMin} and {@code awayFromZero} pass no gradient where they replace their input.
 *
 * @param <T> the value type of one implementation
 */
public interface Algebra<T> {

    T constant(double value);

    T add(T a, T b);

    T subtract(T a, T b);

    T multiply(T a, T b);

    /** Unprotected division. */
    T divide(T a, T b);

    T negate(T a);

    T exp(T a);

    /** Unprotected natural logarithm. */
    T ln(T a);

    /** Unprotected square root. */
    T sqrt(T a);

    T abs(T a);

    T sin(T a);

    T cos(T a);

    T tanh(T a);

    T sigmoid(T a);

    T minimum(T a, T b);

    T maximum(T a, T b);

    /** {@code max(a, lower)}; the gradient passes only where {@code a >= lower}. */
    T clampMin(T a, double lower);

    /**
     * {@code a} where {@code |a| >= epsilon}, otherwise {@code +epsilon} for {@code a >= 0} and
     * {@code -epsilon} for {@code a < 0}; no gradient passes where the value was replaced.
     */
    T awayFromZero(T a, double epsilon);

    /** Unprotected power with a constant exponent. */
    T pow(T a, double exponent);
}
