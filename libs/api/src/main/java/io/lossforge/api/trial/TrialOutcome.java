package io.lossforge.api.trial;

/** How a trial ended. Only {@link #SUCCEEDED} carries a meaningful fitness. */
public enum TrialOutcome {
    SUCCEEDED,
    /** A non-finite loss value or non-finite parameters: the loss made training blow up. */
    DIVERGED,
    /** Training could not run (bad task for the data, an engine error); the message says why. */
    FAILED,
    /** Stopped on request (or by the trainer shutting down). */
    CANCELLED
}
