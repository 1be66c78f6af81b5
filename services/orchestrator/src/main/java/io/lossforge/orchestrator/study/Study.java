package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyState;
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
 * A study: its definition (resolved losses and tasks, JSON) and its state. RUNNING → FINISHED (every trial
 * has an outcome) | CANCELLED; a CANCELLED study may be resumed (→ RUNNING). Nothing else changes a study.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "study")
class Study {

    @Id
    private UUID id;

    private String name;

    @Enumerated(EnumType.STRING)
    private StudyState state;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String definition;

    private String createdBy;
    private Instant createdAt;
    private Instant endedAt;

    protected Study() {}

    Study(UUID id, String name, String definition, String createdBy, Instant now) {
        this.id = id;
        this.name = name;
        this.state = StudyState.RUNNING;
        this.definition = definition;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    /** RUNNING → FINISHED: every trial has a result or used up its attempts. */
    void finish(Instant now) {
        require(state == StudyState.RUNNING, "finish");
        state = StudyState.FINISHED;
        endedAt = now;
    }

    /** RUNNING → CANCELLED: its open trainings are let go (a search sharing one keeps it). */
    void cancel(Instant now) {
        require(state == StudyState.RUNNING, "be cancelled");
        state = StudyState.CANCELLED;
        endedAt = now;
    }

    /** CANCELLED → RUNNING: finished trials stand, the rest are queued again. */
    void resume() {
        require(state == StudyState.CANCELLED, "be resumed");
        state = StudyState.RUNNING;
        endedAt = null;
    }

    private void require(boolean allowed, String event) {
        if (!allowed) {
            throw new IllegalTransition("study", id, state, event);
        }
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    StudyState state() {
        return state;
    }

    String definition() {
        return definition;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant endedAt() {
        return endedAt;
    }
}
