package io.lossforge.orchestrator.population;

/**
 * Where a candidate stands. PENDING (not screened yet, or waiting for a resume) → REJECTED by screening,
 * or EVALUATING (following an OPEN evaluation) → EVALUATED (its evaluation finished: a result), or
 * UNEVALUATED (every attempt failed for infrastructure reasons: never ranked, never reused). A cache hit
 * goes from PENDING straight to EVALUATED.
 */
public enum CandidateStatus {
    PENDING,
    EVALUATING,
    EVALUATED,
    REJECTED,
    UNEVALUATED;

    /** Whether the candidate's generation still waits for it. */
    public boolean isUnfinished() {
        return this == PENDING || this == EVALUATING;
    }
}
