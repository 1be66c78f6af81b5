package io.lossforge.api.trainer;

import java.time.Instant;
import java.util.UUID;

/** A trainer as {@code GET /api/v1/trainers} shows it. {@code busy} = slots holding a leased trial. */
public record TrainerView(
        UUID id, String url, int slots, long busy, String origin, Instant lastSeen, boolean backingOff, int failures) {}
