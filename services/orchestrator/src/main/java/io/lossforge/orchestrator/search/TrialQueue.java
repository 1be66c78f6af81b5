package io.lossforge.orchestrator.search;

/**
 * Where the search engine hands candidates that need training; the dispatcher implements it. Queueing
 * happens in the caller's transaction, so a candidate is never QUEUED without its trial row.
 */
public interface TrialQueue {

    /** Queues attempt {@code attempt} (1-based) of training candidate {@code candidateId}. */
    void enqueue(long candidateId, int attempt);

    /** Stops every queued or running trial of the search (best effort for running ones). */
    void cancelSearch(java.util.UUID searchId);
}
