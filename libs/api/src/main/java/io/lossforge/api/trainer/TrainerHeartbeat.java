package io.lossforge.api.trainer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /internal/v1/trainers/{id}/heartbeat}: the trainer's state, sent every heartbeat period.
 * It lists every attempt the trainer holds: running ones with their progress, and finished ones until the
 * orchestrator acknowledges their result.
 */
public record TrainerHeartbeat(
        @NotNull UUID instanceId,
        int slots,
        boolean draining,
        @NotNull @Valid List<Attempt> attempts) {

    public TrainerHeartbeat {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /**
     * One attempt. {@code progress} is monotonic: units of work done (dataset MiB loaded, batches trained,
     * batches evaluated), so a value that stops growing means the attempt is stuck.
     */
    public record Attempt(
            @NotBlank String attemptId,
            @NotNull AttemptState state,
            AttemptPhase phase,
            long progress,
            long batchesDone,
            long batchesTotal,
            int epoch) {}
}
