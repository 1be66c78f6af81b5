package io.lossforge.orchestrator.search;

/** The life of a search job. */
public enum SearchState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
