package io.lossforge.trainer.training;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic, disjoint training and validation samples from the training split, and the per-epoch
 * shuffles. Everything derives from the task seed, so every candidate of a generation sees the same
 * images in the same order (common random numbers).
 */
final class Sampling {

    private Sampling() {}

    /**
     * {@code [train indices, validation indices]}: a seeded permutation of {@code 0..available}, cut in two.
     * The validation indices in this order are the evaluation order (bit {@code i} of a result's {@code
     * validationCorrect} is image {@code validation[i]}); they depend on these four arguments only.
     */
    static int[][] split(int available, int train, int validation, long seed) {
        return split(available, train, validation, seed, "images");
    }

    /** {@link #split(int, int, int, long)}, the refusal naming what the split holds as {@code what}. */
    static int[][] split(int available, int train, int validation, long seed, String what) {
        if ((long) train + validation > available) {
            throw new IllegalArgumentException("the task asks for " + train + " training + " + validation
                    + " validation samples but the training split holds only " + available + " " + what);
        }
        int[] permutation = permutation(available, new SplittableRandom(seed));
        int[] trainIndices = new int[train];
        int[] validationIndices = new int[validation];
        System.arraycopy(permutation, 0, trainIndices, 0, train);
        System.arraycopy(permutation, train, validationIndices, 0, validation);
        return new int[][] {trainIndices, validationIndices};
    }

    /**
     * The first {@code perClass} indices of each class of {@code indices}, in their order there: with the
     * seeded order of {@link #split}, a seeded draw of at most {@code perClass} images per class.
     */
    static int[] capPerClass(int[] indices, Images images, int classes, int perClass) {
        int[] taken = new int[classes];
        int[] kept = new int[indices.length];
        int count = 0;
        for (int index : indices) {
            int label = images.label(index);
            if (taken[label] < perClass) {
                taken[label]++;
                kept[count++] = index;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** The order of one epoch: a seeded shuffle of {@code indices} (which is left unchanged). */
    static int[] epochOrder(int[] indices, long seed, int epoch) {
        int[] order = indices.clone();
        shuffle(order, new SplittableRandom(seed * 1_000_003L + epoch));
        return order;
    }

    static int[] identity(int size) {
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static int[] permutation(int size, SplittableRandom random) {
        int[] indices = identity(size);
        shuffle(indices, random);
        return indices;
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
