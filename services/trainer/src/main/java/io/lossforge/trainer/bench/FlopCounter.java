package io.lossforge.trainer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import io.lossforge.trainer.model.ModelKind;
import io.lossforge.trainer.training.TrainingData;

/**
 * Multiply-adds of one forward pass of a sequential model for one image: a dense layer costs its weight
 * count, a convolution its weight count per output position. Other layers are negligible here.
 */
final class FlopCounter {

    private FlopCounter() {}

    static double forwardMultiplyAdds(ModelKind kind, TrainingData data) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = kind.build(data.classes());
            Shape input = new Shape(1).addAll(data.imageShape());
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, input);
            if (!(block instanceof SequentialBlock sequential)) {
                throw new IllegalArgumentException(kind.id() + " is not sequential");
            }
            double total = 0;
            Shape[] shapes = {input};
            for (Block child : sequential.getChildren().values()) {
                Shape[] out = child.getOutputShapes(shapes);
                if (child instanceof Linear || child instanceof Conv2d) {
                    long weights =
                            child.getParameters().get("weight").getArray().size();
                    long positions = child instanceof Conv2d ? out[0].get(2) * out[0].get(3) : 1;
                    total += (double) weights * positions;
                }
                shapes = out;
            }
            return total;
        }
    }
}
