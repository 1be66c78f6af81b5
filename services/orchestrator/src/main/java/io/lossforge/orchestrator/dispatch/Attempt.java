package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.AttemptPhase;
import io.lossforge.orchestrator.IllegalTransition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One dispatch of an evaluation to a trainer. Its id is the trial id the trainer sees and the fencing
 * token of every callback: only the evaluation's live attempt can finish it, so a report on an ended
 * attempt is stored as late and changes nothing else. Transitions ({@link AttemptState}) are the methods
 * below; anything else throws {@link IllegalTransition}.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "attempt")
class Attempt {

    /** How a report on this attempt was taken. */
    enum Report {
        /** It was live: the report applies. */
        APPLIED,
        /** It had already delivered its report: nothing changes. */
        DUPLICATE,
        /** It had been given up: the report is stored as late and nothing else changes. */
        LATE
    }

    /** {@code claimed_by} of the attempts V2 made from round 1's leased trials (db/V2__*.sql writes it). */
    static final String MIGRATED_BY = "round-1";

    @Id
    private UUID id;

    private long evaluationId;
    private int number;
    private UUID trainerId;
    private String trainerUrl;

    @Enumerated(EnumType.STRING)
    private AttemptState state;

    private String outcome;
    private String detail;
    private String claimedBy;
    private Instant claimedAt;
    private Instant sentAt;
    private Instant acceptedAt;
    private Instant leaseDeadline;
    private Instant lastProgressAt;
    private long progress;

    @Enumerated(EnumType.STRING)
    private AttemptPhase phase;

    private Long batchesDone;
    private Long batchesTotal;
    private Instant endedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String lateReport;

    private Instant lateAt;

    protected Attempt() {}

    /**
     * The attempt a trial id names: trial ids are attempt ids (UUIDs), so any other string (another
     * orchestrator's, a typo) names no attempt here.
     */
    static java.util.Optional<UUID> id(String trialId) {
        try {
            return java.util.Optional.of(UUID.fromString(trialId));
        } catch (IllegalArgumentException | NullPointerException e) {
            return java.util.Optional.empty();
        }
    }

    /** A new LEASED attempt: claimed by {@code replica}, to be confirmed before {@code acceptDeadline}. */
    static Attempt lease(
            UUID id,
            long evaluationId,
            int number,
            Trainer trainer,
            String replica,
            Instant now,
            Instant acceptDeadline) {
        Attempt a = new Attempt();
        a.id = id;
        a.evaluationId = evaluationId;
        a.number = number;
        a.trainerId = trainer.id();
        a.trainerUrl = trainer.url();
        a.state = AttemptState.LEASED;
        a.claimedBy = replica;
        a.claimedAt = now;
        a.leaseDeadline = acceptDeadline;
        a.lastProgressAt = now;
        // The claiming replica sends right after this commits; a send delayed past that re-checks first.
        a.sentAt = now;
        return a;
    }

    /** LEASED → RUNNING: the trainer accepted it (202), or a heartbeat listed it. */
    void accepted(Instant now) {
        if (state == AttemptState.RUNNING) {
            return;
        }
        require(state == AttemptState.LEASED, "be accepted");
        state = AttemptState.RUNNING;
        acceptedAt = now;
        lastProgressAt = now;
        leaseDeadline = null;
    }

    /** A heartbeat's progress; the stall clock restarts only when {@code value} grew. */
    void progressed(long value, AttemptPhase phase, Long batchesDone, Long batchesTotal, Instant now) {
        accepted(now);
        if (value > progress) {
            progress = value;
            lastProgressAt = now;
        }
        this.phase = phase;
        this.batchesDone = batchesDone;
        this.batchesTotal = batchesTotal;
    }

    /**
     * A final report arrived. Live → FINISHED ({@code ending} null: a candidate outcome) or FAILED (an
     * infrastructure failure); already ended → DUPLICATE or LATE (then the report is kept as late).
     */
    Report report(String outcome, AttemptEnding ending, String detail, String reportJson, Instant now) {
        if (state == AttemptState.FINISHED || state == AttemptState.FAILED) {
            return Report.DUPLICATE;
        }
        if (!state.isLive()) {
            lateReport = reportJson;
            lateAt = now;
            return Report.LATE;
        }
        state = ending == null ? AttemptState.FINISHED : AttemptState.FAILED;
        this.outcome = ending == null ? outcome : ending.name();
        this.detail = detail;
        end(now);
        return Report.APPLIED;
    }

    /** Live → EXPIRED: given up for {@code why}. */
    void expire(AttemptEnding why, String detail, Instant now) {
        require(state.isLive(), "expire");
        state = AttemptState.EXPIRED;
        outcome = why.name();
        this.detail = detail;
        end(now);
    }

    /** Live → SUPERSEDED: its evaluation was finished by another attempt or is no longer needed. */
    void supersede(Instant now) {
        require(state.isLive(), "be superseded");
        state = AttemptState.SUPERSEDED;
        outcome = "SUPERSEDED";
        end(now);
    }

    private void end(Instant now) {
        endedAt = now;
        leaseDeadline = null;
    }

    private void require(boolean allowed, String event) {
        if (!allowed) {
            throw new IllegalTransition("attempt", id, state, event);
        }
    }

    UUID id() {
        return id;
    }

    long evaluationId() {
        return evaluationId;
    }

    int number() {
        return number;
    }

    UUID trainerId() {
        return trainerId;
    }

    String trainerUrl() {
        return trainerUrl;
    }

    AttemptState state() {
        return state;
    }

    String claimedBy() {
        return claimedBy;
    }

    /** Whether this is a round-1 lease carried over by the upgrade. */
    boolean migrated() {
        return MIGRATED_BY.equals(claimedBy);
    }

    Instant claimedAt() {
        return claimedAt;
    }

    Instant sentAt() {
        return sentAt;
    }

    Instant leaseDeadline() {
        return leaseDeadline;
    }

    Instant lastProgressAt() {
        return lastProgressAt;
    }

    long progress() {
        return progress;
    }

    AttemptPhase phase() {
        return phase;
    }

    Long batchesDone() {
        return batchesDone;
    }

    Long batchesTotal() {
        return batchesTotal;
    }

    Instant acceptedAt() {
        return acceptedAt;
    }
}
