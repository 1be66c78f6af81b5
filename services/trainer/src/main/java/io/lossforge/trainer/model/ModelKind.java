package io.lossforge.trainer.model;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The model families a task can name. Each builds a fresh, uninitialised block for a number of classes;
 * input shapes are inferred when the trainer initialises the block (N × C × H × W images).
 */
public enum ModelKind {
    /** Flatten, dense 256 + ReLU, dense C. */
    MLP("mlp", "784/3072-256-C multilayer perceptron"),
    /** Two conv 3×3 (16, 32 filters) + ReLU + max-pool blocks, dense 128 + ReLU, dense C. */
    CNN_SMALL("cnn-small", "two conv+pool blocks (16, 32 filters), dense 128"),
    /**
     * Conv 3×3 (32) + ReLU, conv 3×3 (32) + ReLU, max-pool, conv 3×3 (64) + ReLU, max-pool, dense 128 +
     * ReLU, dense C: cnn-small with a second 32-filter convolution and twice the filters in the last one.
     */
    CNN_MEDIUM("cnn-medium", "conv 32, conv 32, pool, conv 64, pool, dense 128"),
    /** ResNet-20 style: 3 stages × 3 basic residual blocks (16, 32, 64 filters), global average pool. */
    RESNET_MINI("resnet-mini", "ResNet-20 style residual network for 32x32 images"),
    /** A stem and two small Inception blocks (1×1, 3×3, double 3×3, pool branches), global average pool. */
    INCEPTION_MINI("inception-mini", "small Inception network (the search model family of the NGL paper)");

    private final String id;
    private final String description;

    ModelKind(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Block build(int classes) {
        return switch (this) {
            case MLP -> Architectures.mlp(classes);
            case CNN_SMALL -> Architectures.cnnSmall(classes);
            case CNN_MEDIUM -> Architectures.cnnMedium(classes);
            case RESNET_MINI -> Architectures.resnetMini(classes);
            case INCEPTION_MINI -> Architectures.inceptionMini(classes);
        };
    }

    public static Optional<ModelKind> of(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ModelKind::id).toList();
    }
}
