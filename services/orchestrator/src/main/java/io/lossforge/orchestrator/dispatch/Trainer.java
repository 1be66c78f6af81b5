package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerState;
import io.lossforge.orchestrator.OrchestratorProperties;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A trainer the orchestrator can send attempts to: from configuration (STATIC) or self-registered.
 * {@link TrainerState}: ACTIVE → LOST (no heartbeat in time, or it shut down) → ACTIVE (a heartbeat or a
 * registration); ACTIVE → QUARANTINED (its attempts failed on several distinct evaluations in a row) →
 * one probe attempt when the quarantine ends → ACTIVE on a result, QUARANTINED twice as long on a failure.
 * The breaker lives in the database so that every replica sees it and a restart remembers it.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "trainer")
class Trainer {

    static final String STATIC = "STATIC";
    static final String REGISTERED = "REGISTERED";

    @Id
    private UUID id;

    private String url;
    private int slots;
    private String origin;
    private Instant lastHeartbeat;
    private Instant backoffUntil;
    private int consecutiveFailures;

    @Enumerated(EnumType.STRING)
    private TrainerState state;

    private UUID instanceId;
    private String stateReason;
    private Instant stateSince;
    private Instant quarantinedUntil;
    private int quarantines;
    /** The distinct evaluations of the current run of failures (the run's length is their number). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    private Long[] failedEvaluationIds = new Long[0];

    protected Trainer() {}

    Trainer(String url, int slots, String origin, UUID instanceId, Instant now) {
        this.id = UUID.randomUUID();
        this.url = url;
        this.slots = slots;
        this.origin = origin;
        this.instanceId = instanceId;
        this.lastHeartbeat = now;
        this.state = TrainerState.ACTIVE;
        this.stateSince = now;
    }

    /**
     * A (re-)registration. Returns true when it announces a new process (another instance id than the
     * one known): the old process's attempts are gone with it.
     */
    boolean register(int slots, UUID instanceId, Instant now) {
        boolean restarted = !Objects.equals(this.instanceId, instanceId);
        this.slots = slots;
        this.instanceId = instanceId;
        this.backoffUntil = null;
        heard(now);
        return restarted;
    }

    /** A heartbeat or a successful call: alive. A LOST trainer is ACTIVE again; a quarantine stands. */
    void heard(Instant now) {
        lastHeartbeat = now;
        if (state == TrainerState.LOST) {
            to(TrainerState.ACTIVE, "heard again", now);
        }
    }

    /** → LOST: it gets no attempts until it is heard again. */
    void lose(String reason, Instant now) {
        if (state != TrainerState.LOST) {
            to(TrainerState.LOST, reason, now);
        }
    }

    /** Whether it has missed heartbeats for {@code lostAfter} (STATIC trainers do not beat). */
    boolean silentSince(Instant cutoff) {
        return REGISTERED.equals(origin) && state != TrainerState.LOST && lastHeartbeat.isBefore(cutoff);
    }

    /** 429 or refused connection: skipped for new attempts until {@code until}. */
    void backOff(Instant until) {
        backoffUntil = until;
    }

    /** How many new attempts it may take now, given {@code live} attempts on it. */
    int capacity(long live, Instant now) {
        if (backoffUntil != null && backoffUntil.isAfter(now)) {
            return 0;
        }
        return switch (state) {
            case ACTIVE -> (int) Math.max(0, slots - live);
            // Half-open: one probe once the quarantine is over, and only while nothing else runs there.
            case QUARANTINED -> !quarantinedUntil.isAfter(now) && live == 0 ? 1 : 0;
            case LOST -> 0;
        };
    }

    /**
     * A quarantined trainer's probe was claimed: no second probe before this one has ended (its ending
     * updates the breaker just after it commits, and a second probe could be claimed in between).
     */
    void probeClaimed(OrchestratorProperties.Quarantine policy, Instant now) {
        if (state == TrainerState.QUARANTINED) {
            backoffUntil = now.plus(policy.duration()); // the quarantine's own end stays as it was
        }
    }

    /** An attempt on it produced a result: the breaker closes. */
    void succeeded(Instant now) {
        consecutiveFailures = 0;
        failedEvaluationIds = new Long[0];
        if (state == TrainerState.QUARANTINED) {
            quarantines = 0;
            backoffUntil = null; // the probe's hold
            to(TrainerState.ACTIVE, "probe succeeded", now);
        }
    }

    /**
     * An attempt on it failed in a way that blames it. Failures count once per evaluation (a poison loss
     * uses up its own budget instead of quarantining healthy trainers). Returns true when this quarantined it.
     */
    boolean failed(long evaluationId, String why, OrchestratorProperties.Quarantine policy, Instant now) {
        if (state == TrainerState.QUARANTINED) {
            if (quarantinedUntil.isAfter(now)) {
                // An attempt claimed before the quarantine began, failing late (the breaker hears of endings
                // just after they commit): no probe can have been sent yet, so this is not the probe's failure.
                return false;
            }
            quarantine(why, policy, now); // the probe failed
            return true;
        }
        // A poison loss fails on every trainer: its retries on this one count once, even when other
        // evaluations failed in between.
        if (!Arrays.asList(failedEvaluationIds).contains(evaluationId)) {
            failedEvaluationIds = Arrays.copyOf(failedEvaluationIds, failedEvaluationIds.length + 1);
            failedEvaluationIds[failedEvaluationIds.length - 1] = evaluationId;
            consecutiveFailures = failedEvaluationIds.length;
        }
        if (consecutiveFailures >= policy.failures() && state == TrainerState.ACTIVE) {
            quarantine(why, policy, now);
            return true;
        }
        return false;
    }

    private void quarantine(String why, OrchestratorProperties.Quarantine policy, Instant now) {
        Duration length = policy.duration().multipliedBy(1L << Math.min(quarantines, 20));
        if (length.compareTo(policy.maxDuration()) > 0) {
            length = policy.maxDuration();
        }
        quarantines++;
        quarantinedUntil = now.plus(length);
        to(TrainerState.QUARANTINED, consecutiveFailures + " failed attempts in a row; last: " + why, now);
    }

    private void to(TrainerState next, String reason, Instant now) {
        state = next;
        stateReason = reason;
        stateSince = now;
    }

    UUID id() {
        return id;
    }

    String url() {
        return url;
    }

    int slots() {
        return slots;
    }

    String origin() {
        return origin;
    }

    Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    boolean backingOff(Instant now) {
        return backoffUntil != null && backoffUntil.isAfter(now);
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    TrainerState state() {
        return state;
    }

    UUID instanceId() {
        return instanceId;
    }

    String stateReason() {
        return stateReason;
    }

    Instant stateSince() {
        return stateSince;
    }

    Instant quarantinedUntil() {
        return state == TrainerState.QUARANTINED ? quarantinedUntil : null;
    }
}
