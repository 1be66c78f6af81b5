package io.lossforge.api.trial;

/**
 * Why a {@link TrialOutcome#FAILED} trial failed. Only {@link #INVALID_LOSS} says something about the
 * candidate loss; the others are infrastructure failures the orchestrator may retry elsewhere.
 */
public enum FailureKind {
    /** The loss could not be compiled or evaluated: a candidate outcome. */
    INVALID_LOSS,
    /** The engine ran out of (host or device) memory. */
    OUT_OF_MEMORY,
    /** The dataset could not be fetched or read. */
    DATASET_UNAVAILABLE,
    /** Anything else; also how a failure without a kind (a round-1 trainer) is read. */
    ENGINE_ERROR
}
