package io.lossforge.trainer.training;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.lossforge.task.TaskSpec;

/**
 * The optimizer a task names, with its constant learning rate and weight decay. The caller closes it
 * after the trainer when it is {@link AutoCloseable} (its state lives off-heap).
 */
final class Optimizers {

    private Optimizers() {}

    static Optimizer of(TaskSpec task) {
        Tracker rate = Tracker.fixed(task.learningRate().floatValue());
        float decay = task.weightDecay().floatValue();
        return switch (task.optimizer()) {
            case "adam" -> new TrialAdam(rate, decay);
            case "sgd" ->
                Optimizer.sgd()
                        .setLearningRateTracker(rate)
                        .optMomentum(task.momentum().floatValue())
                        .optWeightDecays(decay)
                        .build();
            default -> throw new IllegalArgumentException("unknown optimizer " + task.optimizer());
        };
    }
}
