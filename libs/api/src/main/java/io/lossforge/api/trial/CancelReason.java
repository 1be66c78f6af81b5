package io.lossforge.api.trial;

/** Why a {@link TrialOutcome#CANCELLED} trial was stopped. */
public enum CancelReason {
    /** Someone (the orchestrator, a user) asked for it. */
    REQUESTED,
    /** The trainer is shutting down; the trial may be run again elsewhere. */
    SHUTDOWN
}
