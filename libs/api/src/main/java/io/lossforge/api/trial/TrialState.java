package io.lossforge.api.trial;

/** Where a trial on a trainer stands: {@link #RUNNING} until it ends, then its {@link TrialOutcome}. */
public enum TrialState {
    RUNNING,
    SUCCEEDED,
    DIVERGED,
    FAILED,
    CANCELLED;

    /** The state of an ended trial. */
    public static TrialState of(TrialOutcome outcome) {
        return valueOf(outcome.name());
    }
}
