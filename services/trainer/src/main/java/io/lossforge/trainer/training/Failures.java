package io.lossforge.trainer.training;

import io.lossforge.api.trial.FailureKind;
import java.util.Locale;

/**
 * Classifies what went wrong while a trial ran, so that the orchestrator can tell a bad candidate
 * ({@link FailureKind#INVALID_LOSS}) from an infrastructure failure it may retry elsewhere. Memory
 * exhaustion wins over where it happened: a loss that runs out of memory is not an invalid loss.
 */
public final class Failures {

    private Failures() {}

    /** Thrown where the candidate loss was compiled or evaluated. */
    static final class LossFailure extends RuntimeException {
        LossFailure(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Thrown when the task's dataset could not be fetched or read. */
    public static final class DatasetUnavailable extends RuntimeException {
        public DatasetUnavailable(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The kind of failure {@code failure} is. */
    public static FailureKind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || mentionsOutOfMemory(t.getMessage())) {
                return FailureKind.OUT_OF_MEMORY;
            }
        }
        if (failure instanceof LossFailure) {
            return FailureKind.INVALID_LOSS;
        }
        if (failure instanceof DatasetUnavailable) {
            return FailureKind.DATASET_UNAVAILABLE;
        }
        return FailureKind.ENGINE_ERROR;
    }

    /** The first line of the failure's message, or its class name when it has none. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** PyTorch and CUDA say so in the message of an EngineException ("CUDA out of memory", "DefaultCPUAllocator: not enough memory"). */
    private static boolean mentionsOutOfMemory(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("out of memory") || lower.contains("not enough memory");
    }
}
