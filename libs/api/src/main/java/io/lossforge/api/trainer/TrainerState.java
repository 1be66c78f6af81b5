package io.lossforge.api.trainer;

/**
 * Whether the orchestrator sends a trainer new trials. {@link #ACTIVE}: yes. {@link #LOST}: no heartbeat
 * within the liveness timeout (or it shut down); its attempts were re-queued. {@link #QUARANTINED}: its
 * attempts kept failing; it gets one probe trial when the quarantine ends.
 */
public enum TrainerState {
    ACTIVE,
    LOST,
    QUARANTINED
}
