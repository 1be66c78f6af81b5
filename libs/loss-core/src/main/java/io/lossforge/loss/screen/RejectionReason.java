package io.lossforge.loss.screen;

/** Why a loss was rejected before any training. Stable codes: stored in the database and shown in APIs. */
public enum RejectionReason {
    /** The (simplified) expression does not use both {@code p} and {@code y}. */
    MISSING_VARIABLE,
    /** The value or its derivative is NaN or infinite somewhere on the grid p ∈ [0, 1], y ∈ {0, 1}. */
    NON_FINITE,
    /** The value does not change with {@code p}, neither for y = 0 nor for y = 1. */
    CONSTANT_IN_P,
    /** A small step against the gradient does not raise the probability of an unlikely target class. */
    WRONG_DIRECTION
}
