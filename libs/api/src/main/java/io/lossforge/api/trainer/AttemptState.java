package io.lossforge.api.trainer;

/** Where a trial attempt stands on its trainer, as a heartbeat lists it. */
public enum AttemptState {
    RUNNING,
    /** Ended; its result is kept (and readable) until the orchestrator acknowledges it. */
    FINISHED
}
