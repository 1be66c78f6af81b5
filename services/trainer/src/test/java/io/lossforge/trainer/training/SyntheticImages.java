package io.lossforge.trainer.training;

import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Generated 1 × 28 × 28 images in 10 classes: class k brightens its own horizontal band, plus uniform
 * noise. Learnable within one epoch, so tests of the training loop run in a second without real data.
 */
final class SyntheticImages implements Images {

    static final Shape SHAPE = new Shape(1, 28, 28);
    static final int CLASSES = 10;

    private final float[][] pixels;
    private final int[] labels;

    SyntheticImages(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        pixels = new float[size][784];
        labels = new int[size];
        for (int i = 0; i < size; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = label;
            for (int j = 0; j < 784; j++) {
                int row = j / 28;
                boolean band = row >= label * 2 + 4 && row < label * 2 + 6;
                pixels[i][j] = (float) (random.nextDouble() * 0.6 + (band ? 0.4 : 0.0));
            }
        }
    }

    static TrainingData data(int trainSize, int testSize) {
        return new TrainingData(new SyntheticImages(trainSize, 1), new SyntheticImages(testSize, 2), SHAPE, CLASSES);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyImage(int index, FloatBuffer destination) {
        destination.put(pixels[index]);
    }
}
