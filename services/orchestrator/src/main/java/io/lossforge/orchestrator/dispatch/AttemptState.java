package io.lossforge.orchestrator.dispatch;

/**
 * An attempt's life: LEASED (claimed and sent, not yet confirmed) → RUNNING (accepted, or listed by a
 * heartbeat) → FINISHED (it delivered the evaluation's result) | FAILED (it reported an infrastructure
 * failure) | EXPIRED (given up: trainer lost, stalled, unconfirmed, refused) | SUPERSEDED (its evaluation
 * no longer needs it). Only LEASED and RUNNING are live; an ended attempt never changes again except to
 * store a late report.
 */
enum AttemptState {
    LEASED,
    RUNNING,
    FINISHED,
    FAILED,
    EXPIRED,
    SUPERSEDED;

    boolean isLive() {
        return this == LEASED || this == RUNNING;
    }
}
