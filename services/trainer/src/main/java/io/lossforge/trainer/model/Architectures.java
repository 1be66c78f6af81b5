package io.lossforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** The layer stacks behind {@link ModelKind}; small on purpose: candidates are trained thousands of times. */
final class Architectures {

    private Architectures() {}

    static Block mlp(int classes) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(256).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    static Block cnnSmall(int classes) {
        return new SequentialBlock()
                .add(conv(16, 3, 1))
                .add(Activation.reluBlock())
                .add(maxPool())
                .add(conv(32, 3, 1))
                .add(Activation.reluBlock())
                .add(maxPool())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    static Block cnnMedium(int classes) {
        return new SequentialBlock()
                .add(conv(32, 3, 1))
                .add(Activation.reluBlock())
                .add(conv(32, 3, 1))
                .add(Activation.reluBlock())
                .add(maxPool())
                .add(conv(64, 3, 1))
                .add(Activation.reluBlock())
                .add(maxPool())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    static Block resnetMini(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(16, 3, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int[] filters = {16, 32, 64};
        for (int stage = 0; stage < filters.length; stage++) {
            for (int block = 0; block < 3; block++) {
                boolean downsample = stage > 0 && block == 0;
                net.add(residual(filters[stage], downsample));
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    static Block inceptionMini(int classes) {
        return new SequentialBlock()
                .add(conv(32, 3, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(inception(16, 24, 8, 8))
                .add(maxPool())
                .add(inception(32, 48, 16, 16))
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /** Basic residual block: two 3×3 conv + BN, identity (or 1×1 strided) shortcut, ReLU after the sum. */
    private static Block residual(int filters, boolean downsample) {
        int stride = downsample ? 2 : 1;
        SequentialBlock path = new SequentialBlock()
                .add(conv(filters, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(filters, 3, 1))
                .add(BatchNorm.builder().build());
        Block shortcut = downsample
                ? new SequentialBlock()
                        .add(Conv2d.builder()
                                .setKernelShape(new Shape(1, 1))
                                .optStride(new Shape(2, 2))
                                .setFilters(filters)
                                .build())
                        .add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        return new ParallelBlock(
                outputs -> {
                    NDArray sum =
                            outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow());
                    return new NDList(Activation.relu(sum));
                },
                List.of(path, shortcut));
    }

    /** Inception block: 1×1 | 1×1→3×3 | 1×1→3×3→3×3 | 3×3 max-pool→1×1, concatenated on channels. */
    private static Block inception(int ones, int threes, int doubleThrees, int pooled) {
        Block branch1 = new SequentialBlock().add(conv(ones, 1, 1)).add(Activation.reluBlock());
        Block branch2 = new SequentialBlock()
                .add(conv(threes / 2, 1, 1))
                .add(Activation.reluBlock())
                .add(conv(threes, 3, 1))
                .add(Activation.reluBlock());
        Block branch3 = new SequentialBlock()
                .add(conv(doubleThrees, 1, 1))
                .add(Activation.reluBlock())
                .add(conv(doubleThrees, 3, 1))
                .add(Activation.reluBlock())
                .add(conv(doubleThrees, 3, 1))
                .add(Activation.reluBlock());
        Block branch4 = new SequentialBlock()
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))
                .add(conv(pooled, 1, 1))
                .add(Activation.reluBlock());
        return new ParallelBlock(
                outputs -> new NDList(NDArrays.concat(
                        new NDList(
                                outputs.stream().map(NDList::singletonOrThrow).toList()),
                        1)),
                List.of(branch1, branch2, branch3, branch4));
    }

    /** A k×k convolution with "same" padding for odd k. */
    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .build();
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }
}
