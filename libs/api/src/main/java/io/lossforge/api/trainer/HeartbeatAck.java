package io.lossforge.api.trainer;

import java.util.List;

/**
 * The orchestrator's answer to a heartbeat: attempts to stop, attempts whose result it has recorded (the
 * trainer may forget them), and the heartbeat period to use from now on. A 204 without a body (a round-1
 * orchestrator) reads as {@link #EMPTY}.
 */
public record HeartbeatAck(List<String> cancel, List<String> acknowledged, Long heartbeatMillis) {

    /** Nothing to cancel, nothing acknowledged, keep the period. */
    public static final HeartbeatAck EMPTY = new HeartbeatAck(List.of(), List.of(), null);

    public HeartbeatAck {
        cancel = cancel == null ? List.of() : List.copyOf(cancel);
        acknowledged = acknowledged == null ? List.of() : List.copyOf(acknowledged);
    }
}
