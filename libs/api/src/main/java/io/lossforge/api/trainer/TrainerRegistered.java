package io.lossforge.api.trainer;

import java.util.UUID;

/** The answer to a registration: the id for heartbeats and how often to send one. */
public record TrainerRegistered(UUID id, long heartbeatSeconds) {}
