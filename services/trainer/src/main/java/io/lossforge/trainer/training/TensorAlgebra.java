package io.lossforge.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import io.lossforge.loss.Algebra;
import io.lossforge.loss.BatchAlgebra;
import io.lossforge.loss.eval.Dual;
import io.lossforge.loss.eval.DualAlgebra;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The {@link BatchAlgebra} on DJL NDArrays, so that the trainer's loss follows loss-core's one
 * {@link io.lossforge.loss.LossHead} and its one operator table. A sub-expression without {@code p} or {@code y} stays a Java double ({@link
 * Value.Scalar}) and is computed by the reference {@link DualAlgebra} — constants never become tensors,
 * and the scalar/tensor combinations use DJL's tensor-with-number operations.
 *
 * <p>Gradients come from DJL's autograd and follow the conventions stated on {@link Algebra}: torch's
 * {@code clamp} passes the gradient where its input is inside the bound, {@code where} only from the
 * branch taken, {@code minimum}/{@code maximum} split it on ties.
 */
final class TensorAlgebra implements BatchAlgebra<TensorAlgebra.Value> {

    static final TensorAlgebra INSTANCE = new TensorAlgebra();

    /** A value in the compiled loss: a number (no data dependence) or a tensor. */
    sealed interface Value {
        record Scalar(double value) implements Value {}

        /**
         * @param nonNegative known to hold no negative entry (p, y, and what monotone primitives make of
         *                    them), so that {@code abs} can be skipped: on x ≥ 0 it is the identity, and
         *                    its gradient differs only at exact zeros, where p's own gradient is zero
         */
        record Tensor(NDArray array, boolean nonNegative) implements Value {
            Tensor(NDArray array) {
                this(array, false);
            }
        }
    }

    private TensorAlgebra() {}

    private static final DualAlgebra REFERENCE = DualAlgebra.INSTANCE;

    private static Value scalar(Dual dual) {
        return new Value.Scalar(dual.value());
    }

    private static Dual dual(Value value) {
        return Dual.constant(((Value.Scalar) value).value());
    }

    /** Applies a unary primitive: on a tensor with DJL, on a number with the reference algebra. */
    private static Value unary(Value a, UnaryOperator<NDArray> tensor, UnaryOperator<Dual> reference) {
        return unary(a, tensor, reference, false);
    }

    /** As above; {@code nonNegative}: the primitive's result never holds a negative entry. */
    private static Value unary(
            Value a, UnaryOperator<NDArray> tensor, UnaryOperator<Dual> reference, boolean nonNegative) {
        return a instanceof Value.Tensor t
                ? new Value.Tensor(tensor.apply(t.array()), nonNegative)
                : scalar(reference.apply(dual(a)));
    }

    private interface Mixed {
        NDArray apply(NDArray tensor, double number);
    }

    /**
     * Applies a binary primitive to every combination: tensor ⊕ tensor, tensor ⊕ number, number ⊕
     * tensor (given separately, for the non-commutative ones), number ⊕ number (reference algebra).
     */
    private static Value binary(
            Value a,
            Value b,
            BinaryOperator<NDArray> both,
            Mixed tensorNumber,
            Mixed numberTensor,
            BinaryOperator<Dual> reference) {
        if (a instanceof Value.Tensor ta && b instanceof Value.Tensor tb) {
            return new Value.Tensor(both.apply(ta.array(), tb.array()));
        }
        if (a instanceof Value.Tensor ta) {
            return new Value.Tensor(tensorNumber.apply(ta.array(), ((Value.Scalar) b).value()));
        }
        if (b instanceof Value.Tensor tb) {
            return new Value.Tensor(numberTensor.apply(tb.array(), ((Value.Scalar) a).value()));
        }
        return scalar(reference.apply(dual(a), dual(b)));
    }

    @Override
    public Value softmax(Value logits) {
        return new Value.Tensor(tensor(logits).softmax(1), true);
    }

    @Override
    public Value oneHot(Value labels, Value probabilities) {
        NDArray p = tensor(probabilities);
        return new Value.Tensor(tensor(labels).oneHot((int) p.getShape().get(1)).toType(p.getDataType(), false), true);
    }

    @Override
    public Value entries(Value values, Value like) {
        return values instanceof Value.Scalar scalar
                ? new Value.Tensor(tensor(like).zerosLike().add(scalar.value()))
                : values;
    }

    @Override
    public Value meanOverAll(Value entries) {
        return new Value.Tensor(tensor(entries).mean());
    }

    @Override
    public Value sumOverClasses(Value entries) {
        return new Value.Tensor(tensor(entries).sum(new int[] {1}));
    }

    @Override
    public Value meanOverSamples(Value perSample) {
        return new Value.Tensor(tensor(perSample).mean());
    }

    /** The tensor of a value that is known to be one (the inputs and every result of a batch step). */
    static NDArray tensor(Value value) {
        return ((Value.Tensor) value).array();
    }

    @Override
    public Value constant(double value) {
        return new Value.Scalar(value);
    }

    @Override
    public Value add(Value a, Value b) {
        return binary(a, b, NDArray::add, NDArray::add, NDArray::add, REFERENCE::add);
    }

    @Override
    public Value subtract(Value a, Value b) {
        return binary(a, b, NDArray::sub, NDArray::sub, (t, n) -> NDArrays.sub(n, t), REFERENCE::subtract);
    }

    @Override
    public Value multiply(Value a, Value b) {
        return binary(a, b, NDArray::mul, NDArray::mul, NDArray::mul, REFERENCE::multiply);
    }

    @Override
    public Value divide(Value a, Value b) {
        return binary(a, b, NDArray::div, NDArray::div, (t, n) -> NDArrays.div(n, t), REFERENCE::divide);
    }

    @Override
    public Value negate(Value a) {
        return unary(a, NDArray::neg, REFERENCE::negate);
    }

    @Override
    public Value exp(Value a) {
        return unary(a, NDArray::exp, REFERENCE::exp, true);
    }

    @Override
    public Value ln(Value a) {
        return unary(a, NDArray::log, REFERENCE::ln);
    }

    @Override
    public Value sqrt(Value a) {
        return unary(a, NDArray::sqrt, REFERENCE::sqrt, true);
    }

    @Override
    public Value abs(Value a) {
        if (a instanceof Value.Tensor t && t.nonNegative()) {
            return a; // saves one tensor op per use of log/sqrt on p, about 30 µs per batch each
        }
        return unary(a, NDArray::abs, REFERENCE::abs, true);
    }

    @Override
    public Value sin(Value a) {
        return unary(a, NDArray::sin, REFERENCE::sin);
    }

    @Override
    public Value cos(Value a) {
        return unary(a, NDArray::cos, REFERENCE::cos);
    }

    @Override
    public Value tanh(Value a) {
        return unary(a, NDArray::tanh, REFERENCE::tanh);
    }

    @Override
    public Value sigmoid(Value a) {
        return unary(a, Activation::sigmoid, REFERENCE::sigmoid, true);
    }

    @Override
    public Value minimum(Value a, Value b) {
        return binary(a, b, NDArray::minimum, NDArray::minimum, NDArray::minimum, REFERENCE::minimum);
    }

    @Override
    public Value maximum(Value a, Value b) {
        return binary(a, b, NDArray::maximum, NDArray::maximum, NDArray::maximum, REFERENCE::maximum);
    }

    @Override
    public Value clampMin(Value a, double lower) {
        return unary(a, t -> t.clip(lower, Double.POSITIVE_INFINITY), d -> REFERENCE.clampMin(d, lower), lower >= 0);
    }

    @Override
    public Value awayFromZero(Value a, double epsilon) {
        return unary(
                a,
                t -> {
                    // +eps where t >= 0, -eps where t < 0; built from a comparison, so it carries no gradient.
                    NDArray replacement = t.gte(0)
                            .toType(t.getDataType(), false)
                            .mul(2 * epsilon)
                            .sub(epsilon);
                    return NDArrays.where(t.abs().lt(epsilon), replacement, t);
                },
                d -> REFERENCE.awayFromZero(d, epsilon));
    }

    @Override
    public Value pow(Value a, double exponent) {
        return unary(a, t -> t.pow(exponent), d -> REFERENCE.pow(d, exponent));
    }
}
