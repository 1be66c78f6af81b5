package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
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

/** A search job row. The task and search specs are stored as JSON with their defaults applied. */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "search")
class SearchJob {

    @Id
    UUID id;

    String name;

    @Enumerated(EnumType.STRING)
    SearchState state;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    String task;

    String dataset;
    String model;
    String taskFingerprint;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    String spec;

    String reduction;
    int generation;
    String message;
    Instant createdAt;
    Instant startedAt;
    Instant finishedAt;

    protected SearchJob() {}

    SearchJob(
            UUID id,
            String name,
            String task,
            String dataset,
            String model,
            String taskFingerprint,
            String spec,
            String reduction) {
        this.reduction = reduction;
        this.id = id;
        this.name = name;
        this.state = SearchState.QUEUED;
        this.task = task;
        this.dataset = dataset;
        this.model = model;
        this.taskFingerprint = taskFingerprint;
        this.spec = spec;
        this.createdAt = Instant.now();
    }

    void finish(SearchState finalState, String why) {
        state = finalState;
        message = why;
        finishedAt = Instant.now();
    }
}
