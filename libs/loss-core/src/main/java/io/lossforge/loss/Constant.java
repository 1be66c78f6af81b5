package io.lossforge.loss;

/**
 * A numeric leaf. Only finite values are allowed; {@code -0.0} is stored as {@code 0.0} so that equal
 * numbers are equal expressions.
 */
public record Constant(double value) implements Expression {

    public Constant {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("constant must be finite, got " + value);
        }
        value = value == 0.0 ? 0.0 : value;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public int depth() {
        return 1;
    }

    @Override
    public boolean contains(Variable variable) {
        return false;
    }

    /** Whether the value is a whole number (an exponent that is an exact power). */
    public boolean isInteger() {
        return value == Math.rint(value);
    }
}
