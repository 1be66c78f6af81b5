package io.lossforge.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Interpreter;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.print.InfixPrinter;

/**
 * A DJL {@link Loss} compiled from a loss-core expression: {@code p = softmax(logits)}, {@code y =
 * one_hot(labels)}, the expression interpreted element-wise through the operator table, then the
 * reduction ({@code mean} over N × C, or {@code sum} over classes and mean over samples).
 *
 * <p>Predictions are the raw logits (N × C); labels are class indices (N). The result has the logits'
 * data type. NaN and infinity are returned as they are: divergence is detected by the training loop.
 */
public final class CompiledLoss extends Loss {

    private final io.lossforge.loss.Loss loss;

    public CompiledLoss(io.lossforge.loss.Loss loss) {
        super("loss[" + InfixPrinter.print(loss.expression()) + "]");
        this.loss = loss;
    }

    public io.lossforge.loss.Loss definition() {
        return loss;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        long classes = logits.getShape().get(1);
        NDArray p = logits.softmax(1);
        NDArray y = labels.singletonOrThrow().oneHot((int) classes).toType(logits.getDataType(), false);
        NDArray f = elementwise(loss.expression(), p, y);
        return loss.reduction() == Reduction.MEAN ? f.mean() : f.sum(new int[] {1}).mean();
    }

    /** f(p, y) entry by entry; a data-independent expression is broadcast to the shape of p. */
    static NDArray elementwise(Expression expression, NDArray p, NDArray y) {
        TensorAlgebra.Value value = Interpreter.interpret(expression, TensorAlgebra.INSTANCE,
                new TensorAlgebra.Value.Tensor(p, true), new TensorAlgebra.Value.Tensor(y, true));
        return switch (value) {
            case TensorAlgebra.Value.Tensor tensor -> tensor.array();
            case TensorAlgebra.Value.Scalar scalar -> p.zerosLike().add(scalar.value());
        };
    }
}
