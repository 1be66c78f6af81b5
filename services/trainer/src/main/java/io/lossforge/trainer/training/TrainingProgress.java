package io.lossforge.trainer.training;

/**
 * What a {@link TrainingRun} reports while it runs, so that a stuck trial can be told from a slow one:
 * every trained batch and every evaluated batch is a unit of progress.
 */
public interface TrainingProgress {

    /** Does nothing. */
    TrainingProgress NONE = new TrainingProgress() {};

    /** A training batch finished: {@code done} of {@code total} in the whole run, in {@code epoch}. */
    default void trained(long done, long total, int epoch) {}

    /** Evaluation (validation or test) of {@code batches} batches starts. */
    default void evaluating(int batches) {}
}
