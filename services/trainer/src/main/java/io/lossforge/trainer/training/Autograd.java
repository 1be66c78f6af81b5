package io.lossforge.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The one way this process records gradients. DJL's PyTorch engine allows a single open {@link
 * GradientCollector} per process (a second one throws "A PtGradientCollector is already collecting"),
 * while a trainer with several slots trains trials on concurrent threads: without this lock every
 * trial but one failed whenever two slots were in a batch at once. Only the forward and backward pass
 * of a batch are serialized; data assembly, the optimizer step and evaluation still overlap.
 */
final class Autograd {

    private static final ReentrantLock RECORDING = new ReentrantLock();

    private Autograd() {}

    /** Runs {@code pass} with a gradient collector open, holding the process-wide recording lock. */
    static <T> T record(Function<GradientCollector, T> pass) {
        RECORDING.lock();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            return pass.apply(collector);
        } finally {
            RECORDING.unlock();
        }
    }
}
