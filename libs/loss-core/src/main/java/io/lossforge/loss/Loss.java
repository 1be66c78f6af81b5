package io.lossforge.loss;

import java.util.Objects;

/**
 * A complete loss: an element-wise expression and the reduction that turns a batch of its values into
 * one number. This pair is what is trained, hashed, cached and exported.
 */
public record Loss(Expression expression, Reduction reduction) {

    public Loss {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(reduction, "reduction");
    }
}
