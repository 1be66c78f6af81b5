package io.lossforge.api.trainer;

/** What a running attempt is doing. */
public enum AttemptPhase {
    FETCHING,
    TRAINING,
    EVALUATING
}
