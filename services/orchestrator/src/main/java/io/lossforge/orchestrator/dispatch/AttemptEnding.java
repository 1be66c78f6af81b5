package io.lossforge.orchestrator.dispatch;

import java.time.Duration;

/**
 * Why an attempt ended without a candidate outcome — an infrastructure failure, never a fitness. {@code
 * budgeted}: counts toward the evaluation's {@code maxAttempts} (then it is UNEVALUATED). {@code
 * blamesTrainer}: counts toward the trainer's quarantine. {@code retryAfter}: how long the evaluation
 * waits before its next attempt.
 */
enum AttemptEnding {
    /** The trainer reported an engine error. */
    TRAINER_ERROR(true, true, Duration.ZERO),
    OUT_OF_MEMORY(true, true, Duration.ZERO),
    /** The trainer answered the start request with a 5xx. */
    SERVER_ERROR(true, true, Duration.ZERO),
    /** Running, but its progress stopped growing for the stall timeout. */
    STALLED(true, true, Duration.ZERO),
    /** Its trainer missed heartbeats for the liveness timeout. */
    TRAINER_LOST(true, false, Duration.ZERO),
    /** Its trainer registered again as a new process: the old one is gone. */
    TRAINER_RESTARTED(true, false, Duration.ZERO),
    /** Sent, but neither the answer nor a heartbeat confirmed it in time. */
    LEASE_EXPIRED(true, false, Duration.ZERO),
    /** The connection to the trainer was refused: it cannot have received the request. */
    UNREACHABLE(false, true, Duration.ZERO),
    DATASET_UNAVAILABLE(false, true, Duration.ofSeconds(10)),
    /** A 400 not about the loss: this trainer does not serve the task (it is not asked again for a while). */
    TASK_REFUSED(false, false, Duration.ZERO),
    /** 429: all its slots were busy. */
    BUSY(false, false, Duration.ZERO),
    /** The trainer is shutting down (SIGTERM): a scale-down is nobody's failure. */
    SHUTDOWN(false, false, Duration.ZERO),
    /** The trainer cancelled it without being asked. */
    CANCELLED(false, false, Duration.ZERO),
    /** A round-1 lease nobody confirmed after the upgrade. */
    MIGRATED(false, false, Duration.ZERO);

    /** The names of the endings that blame the trainer: it is not given the same evaluation again (dispatch). */
    static final java.util.List<String> BLAMING_TRAINER = java.util.Arrays.stream(values())
            .filter(ending -> ending.blamesTrainer)
            .map(Enum::name)
            .toList();

    final boolean budgeted;
    final boolean blamesTrainer;
    final Duration retryAfter;

    AttemptEnding(boolean budgeted, boolean blamesTrainer, Duration retryAfter) {
        this.budgeted = budgeted;
        this.blamesTrainer = blamesTrainer;
        this.retryAfter = retryAfter;
    }
}
