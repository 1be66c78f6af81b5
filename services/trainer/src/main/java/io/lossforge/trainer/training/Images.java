package io.lossforge.trainer.training;

import java.nio.FloatBuffer;

/** Labelled images as the training loop reads them: floats in [0, 1], channels first (C × H × W). */
public interface Images {

    int size();

    /** Class index of image {@code index}, 0 ≤ label < classes. */
    int label(int index);

    /** Writes C × H × W floats of image {@code index} at the buffer's position and advances it. */
    void copyImage(int index, FloatBuffer destination);
}
