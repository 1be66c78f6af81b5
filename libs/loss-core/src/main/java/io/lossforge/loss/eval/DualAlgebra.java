package io.lossforge.loss.eval;

import io.lossforge.loss.Algebra;

/**
 * The {@link Algebra} primitives on {@link Dual} numbers: values in double precision and derivatives by
 * the chain rule, with the boundary conventions of PyTorch autograd stated on {@link Algebra}.
 *
 * <p>Transcendental functions use {@link StrictMath}: its results are the same on every platform, so
 * constant folding, canonical forms, hashes and screening verdicts agree between machines ({@code Math}
 * may use intrinsics that differ in the last bit). {@code sqrt}, {@code abs}, {@code signum} and
 * comparisons are exact IEEE-754 operations, the same in {@code Math} and {@code StrictMath}.
 */
public final class DualAlgebra implements Algebra<Dual> {

    public static final DualAlgebra INSTANCE = new DualAlgebra();

    private DualAlgebra() {}

    @Override
    public Dual constant(double value) {
        return Dual.constant(value);
    }

    @Override
    public Dual add(Dual a, Dual b) {
        return new Dual(a.value() + b.value(), a.derivative() + b.derivative());
    }

    @Override
    public Dual subtract(Dual a, Dual b) {
        return new Dual(a.value() - b.value(), a.derivative() - b.derivative());
    }

    @Override
    public Dual multiply(Dual a, Dual b) {
        return new Dual(a.value() * b.value(), scaled(a.derivative(), b.value()) + scaled(b.derivative(), a.value()));
    }

    @Override
    public Dual divide(Dual a, Dual b) {
        double quotient = a.value() / b.value();
        return new Dual(quotient, (a.derivative() - scaled(b.derivative(), quotient)) / b.value());
    }

    @Override
    public Dual negate(Dual a) {
        return new Dual(-a.value(), -a.derivative());
    }

    @Override
    public Dual exp(Dual a) {
        double value = StrictMath.exp(a.value());
        return new Dual(value, scaled(a.derivative(), value));
    }

    @Override
    public Dual ln(Dual a) {
        return new Dual(StrictMath.log(a.value()), a.derivative() / a.value());
    }

    @Override
    public Dual sqrt(Dual a) {
        double value = Math.sqrt(a.value());
        return new Dual(value, a.derivative() / (2.0 * value));
    }

    @Override
    public Dual abs(Dual a) {
        return new Dual(Math.abs(a.value()), scaled(a.derivative(), Math.signum(a.value())));
    }

    @Override
    public Dual sin(Dual a) {
        return new Dual(StrictMath.sin(a.value()), scaled(a.derivative(), StrictMath.cos(a.value())));
    }

    @Override
    public Dual cos(Dual a) {
        return new Dual(StrictMath.cos(a.value()), scaled(a.derivative(), -StrictMath.sin(a.value())));
    }

    @Override
    public Dual tanh(Dual a) {
        double value = StrictMath.tanh(a.value());
        return new Dual(value, scaled(a.derivative(), 1.0 - value * value));
    }

    @Override
    public Dual sigmoid(Dual a) {
        double value = 1.0 / (1.0 + StrictMath.exp(-a.value()));
        return new Dual(value, scaled(a.derivative(), value * (1.0 - value)));
    }

    @Override
    public Dual minimum(Dual a, Dual b) {
        return select(a, b, a.value() < b.value());
    }

    @Override
    public Dual maximum(Dual a, Dual b) {
        return select(a, b, a.value() > b.value());
    }

    @Override
    public Dual clampMin(Dual a, double lower) {
        return a.value() >= lower ? a : Dual.constant(lower);
    }

    @Override
    public Dual awayFromZero(Dual a, double epsilon) {
        if (Math.abs(a.value()) >= epsilon || Double.isNaN(a.value())) {
            return a;
        }
        return Dual.constant(a.value() >= 0 ? epsilon : -epsilon);
    }

    @Override
    public Dual pow(Dual a, double exponent) {
        double value = StrictMath.pow(a.value(), exponent);
        double slope = exponent == 0.0 ? 0.0 : exponent * StrictMath.pow(a.value(), exponent - 1.0);
        return new Dual(value, scaled(a.derivative(), slope));
    }

    /** {@code first} where {@code firstWins}, the second on the other side, the mean on a tie. */
    private static Dual select(Dual first, Dual second, boolean firstWins) {
        if (first.value() == second.value()) {
            return new Dual(first.value(), 0.5 * (first.derivative() + second.derivative()));
        }
        return firstWins ? first : second;
    }

    /**
     * {@code derivative * factor}, but 0 when the derivative is 0: a sub-expression that does not depend
     * on p contributes nothing, even where its partner is infinite (as autograd never visits it).
     */
    private static double scaled(double derivative, double factor) {
        return derivative == 0.0 ? 0.0 : derivative * factor;
    }
}
