package io.lossforge.api.trainer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A trainer as {@code GET /api/v1/trainers} shows it. {@code busy} = slots holding a live attempt;
 * {@code lastSeen} = its last heartbeat (or successful call); {@code failures} = consecutive
 * infrastructure failures of its attempts (the quarantine counter); {@code attempts} = the attempts in
 * flight on it, with the progress its heartbeats reported.
 */
public record TrainerView(
        UUID id,
        String url,
        int slots,
        long busy,
        String origin,
        Instant lastSeen,
        boolean backingOff,
        int failures,
        TrainerState state,
        String stateReason,
        Instant stateSince,
        Instant quarantinedUntil,
        UUID instanceId,
        List<AttemptView> attempts) {

    public TrainerView {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /**
     * One attempt in flight. {@code state} is LEASED (sent, not yet confirmed) or RUNNING; {@code
     * lastProgressAt} is when its progress last grew.
     */
    public record AttemptView(
            UUID attemptId,
            long evaluationId,
            int number,
            String state,
            AttemptPhase phase,
            long progress,
            Long batchesDone,
            Long batchesTotal,
            Instant startedAt,
            Instant lastProgressAt) {}
}
