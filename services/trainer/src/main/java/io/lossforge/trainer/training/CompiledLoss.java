package io.lossforge.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.lossforge.loss.LossHead;
import io.lossforge.loss.print.InfixPrinter;

/**
 * A DJL {@link Loss} compiled from a loss-core loss: loss-core's {@link LossHead} (softmax, one-hot,
 * the expression entry by entry, the reduction) in the {@link TensorAlgebra} of NDArrays.
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
        return TensorAlgebra.tensor(LossHead.apply(
                loss,
                TensorAlgebra.INSTANCE,
                new TensorAlgebra.Value.Tensor(predictions.singletonOrThrow()),
                new TensorAlgebra.Value.Tensor(labels.singletonOrThrow())));
    }
}
