package io.lossforge.trainer.training;

import ai.djl.ndarray.types.Shape;

/**
 * The data of a task: the training split (from which training and validation samples are drawn), the
 * test split (may be null when no test is wanted), the image shape (C, H, W) and the number of classes.
 */
public record TrainingData(Images train, Images test, Shape imageShape, int classes) {}
