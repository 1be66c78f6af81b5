package io.lossforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layers of {@code cnn-medium}: conv 3×3 (32) – conv 3×3 (32) – pool – conv 3×3 (64) – pool – dense
 * 128 – dense C with padding 1, read from the weight shapes of the initialised block: a missing or
 * reordered layer, another filter count or padding (which changes the flattened size) shows.
 */
class CnnMediumTest {

    @Test
    void isListedAfterCnnSmall() {
        assertThat(ModelKind.of("cnn-medium")).contains(ModelKind.CNN_MEDIUM);
        assertThat(ModelKind.ids()).containsSubsequence("cnn-small", "cnn-medium");
    }

    @Test
    void hasTheDocumentedLayersOnBothImageShapes() {
        // Padding 1 keeps 28×28 (32×32) through each convolution; the two pools leave 7×7 (8×8) × 64.
        assertThat(weightShapes(new Shape(1, 28, 28), 10))
                .containsExactly(
                        new Shape(32, 1, 3, 3),
                        new Shape(32, 32, 3, 3),
                        new Shape(64, 32, 3, 3),
                        new Shape(128, 64 * 7 * 7),
                        new Shape(10, 128));
        assertThat(weightShapes(new Shape(3, 32, 32), 2))
                .containsExactly(
                        new Shape(32, 3, 3, 3),
                        new Shape(32, 32, 3, 3),
                        new Shape(64, 32, 3, 3),
                        new Shape(128, 64 * 8 * 8),
                        new Shape(2, 128));
    }

    @Test
    void outputsOneLogitPerClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelKind.CNN_MEDIUM.build(3);
            Shape input = new Shape(4, 1, 28, 28);
            block.initialize(manager, DataType.FLOAT32, input);
            NDList out = block.forward(new ParameterStore(manager, false), new NDList(manager.ones(input)), false);
            assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(4, 3));
        }
    }

    private static List<Shape> weightShapes(Shape image, int classes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelKind.CNN_MEDIUM.build(classes);
            block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(image));
            return block.getParameters().stream()
                    .map(Pair::getValue)
                    .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                    .map(p -> p.getArray().getShape())
                    .toList();
        }
    }
}
