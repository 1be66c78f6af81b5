package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
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
 * A search job: its specs (JSON with defaults applied), the generation being evaluated and its state
 * ({@link SearchState}). Each transition is one method; anything else throws {@link IllegalTransition}.
 * QUEUED → RUNNING (start) → SUCCEEDED (the last generation complete) | FAILED | CANCELLED; FAILED and
 * CANCELLED → RUNNING by resume, SUCCEEDED → RUNNING only by a resume that adds generations.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "search")
class Search {

    @Id
    private UUID id;

    private String name;

    @Enumerated(EnumType.STRING)
    private SearchState state;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String task;

    private String dataset;
    private String model;
    private String taskFingerprint;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String spec;

    private String reduction;
    private int generation;
    private int generationLimit;
    private String message;
    private String blockedReason;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant resumedAt;
    /** The name of the API key that started it: the per-key limit counts by it. */
    private String createdBy;

    /** The closing study asked for (a TransferSpec as JSON), null when none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String transfer;

    private UUID transferStudyId;

    protected Search() {}

    Search(
            UUID id,
            String name,
            String task,
            String dataset,
            String model,
            String taskFingerprint,
            String spec,
            String reduction,
            int generationLimit,
            String createdBy,
            Instant now) {
        this.id = id;
        this.name = name;
        this.state = SearchState.QUEUED;
        this.task = task;
        this.dataset = dataset;
        this.model = model;
        this.taskFingerprint = taskFingerprint;
        this.spec = spec;
        this.reduction = reduction;
        this.generationLimit = generationLimit;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    /** QUEUED → RUNNING at generation 0. */
    void start(Instant now) {
        require(state == SearchState.QUEUED, "start");
        state = SearchState.RUNNING;
        generation = 0;
        startedAt = now;
    }

    /** RUNNING, generation g complete → g+1 (which must be below the limit). */
    void advance() {
        require(state == SearchState.RUNNING && generation + 1 < generationLimit, "advance");
        generation++;
    }

    /** Whether the generation being evaluated is the last one. */
    boolean atLastGeneration() {
        return generation + 1 >= generationLimit;
    }

    /** RUNNING at the last generation → SUCCEEDED. */
    void succeed(Instant now) {
        require(state == SearchState.RUNNING && atLastGeneration(), "succeed");
        end(SearchState.SUCCEEDED, null, now);
    }

    /** QUEUED|RUNNING → FAILED. */
    void fail(String why, Instant now) {
        require(!state.isFinal(), "fail");
        end(SearchState.FAILED, why, now);
    }

    /** QUEUED|RUNNING → CANCELLED. */
    void cancel(Instant now) {
        require(!state.isFinal(), "be cancelled: it already ended");
        end(SearchState.CANCELLED, "cancelled by request", now);
    }

    /**
     * FAILED|CANCELLED → RUNNING (or QUEUED if it never started), continuing its current generation;
     * SUCCEEDED → RUNNING only when {@code extraGenerations} > 0. The limit grows by {@code
     * extraGenerations}.
     */
    void resume(int extraGenerations, Instant now) {
        require(
                state == SearchState.FAILED
                        || state == SearchState.CANCELLED
                        || (state == SearchState.SUCCEEDED && extraGenerations > 0),
                state == SearchState.SUCCEEDED
                        ? "be resumed without more generations: add \"generations\""
                        : state.isFinal()
                                ? "be resumed with " + extraGenerations + " more generations"
                                : "be resumed: it is not stopped");
        generationLimit += extraGenerations;
        state = startedAt == null ? SearchState.QUEUED : SearchState.RUNNING;
        message = null;
        finishedAt = null;
        blockedReason = null;
        resumedAt = now;
    }

    /** RUNNING: why it waits (null: it does not). */
    void blocked(String reason) {
        if (state == SearchState.RUNNING) {
            blockedReason = reason;
        }
    }

    private void end(SearchState to, String why, Instant now) {
        state = to;
        message = why;
        blockedReason = null;
        finishedAt = now;
    }

    private void require(boolean allowed, String event) {
        if (!allowed) {
            throw new IllegalTransition("search", id, state, event);
        }
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    SearchState state() {
        return state;
    }

    String task() {
        return task;
    }

    String dataset() {
        return dataset;
    }

    String model() {
        return model;
    }

    String taskFingerprint() {
        return taskFingerprint;
    }

    String spec() {
        return spec;
    }

    String reduction() {
        return reduction;
    }

    int generation() {
        return generation;
    }

    int generationLimit() {
        return generationLimit;
    }

    String message() {
        return message;
    }

    String blockedReason() {
        return blockedReason;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    String createdBy() {
        return createdBy;
    }

    String transfer() {
        return transfer;
    }

    UUID transferStudyId() {
        return transferStudyId;
    }

    /** Asks for a closing study (at creation only). */
    void askTransfer(String transferJson) {
        require(state == SearchState.QUEUED && transfer == null, "ask for a transfer study");
        transfer = transferJson;
    }

    /** SUCCEEDED with a transfer asked for and none started → {@code studyId} is its closing study. */
    void transferStarted(UUID studyId) {
        require(state == SearchState.SUCCEEDED && transfer != null && transferStudyId == null, "start its transfer");
        transferStudyId = studyId;
    }

    Instant finishedAt() {
        return finishedAt;
    }
}
