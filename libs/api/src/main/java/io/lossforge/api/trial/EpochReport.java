package io.lossforge.api.trial;

/**
 * One finished epoch of a trial: mean training loss over its batches, validation accuracy after it,
 * training throughput (images per second, training steps only) and its wall time in seconds.
 */
public record EpochReport(
        int epoch, double trainLoss, double validationAccuracy, double imagesPerSecond, double seconds) {}
