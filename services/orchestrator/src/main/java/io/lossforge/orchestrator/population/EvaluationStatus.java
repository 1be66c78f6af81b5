package io.lossforge.orchestrator.population;

/**
 * OPEN (waiting for, or held by, an attempt) → FINISHED (a candidate outcome: immutable from then on), or
 * UNEVALUATED (the failure budget is used up), or ABANDONED (no running search needs it any more).
 */
public enum EvaluationStatus {
    OPEN,
    FINISHED,
    UNEVALUATED,
    ABANDONED
}
