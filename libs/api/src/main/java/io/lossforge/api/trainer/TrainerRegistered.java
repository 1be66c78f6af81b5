package io.lossforge.api.trainer;

import java.util.UUID;

/**
 * The answer to a registration: the id for heartbeats and how often to send one ({@code heartbeatMillis}
 * when set, which allows sub-second test timing; else {@code heartbeatSeconds}).
 */
public record TrainerRegistered(UUID id, long heartbeatSeconds, Long heartbeatMillis) {

    /** An answer without millisecond timing (the round-1 shape). */
    public TrainerRegistered(UUID id, long heartbeatSeconds) {
        this(id, heartbeatSeconds, null);
    }

    /** The heartbeat period in milliseconds. */
    public long periodMillis() {
        return heartbeatMillis != null && heartbeatMillis > 0 ? heartbeatMillis : heartbeatSeconds * 1000;
    }
}
