package io.lossforge.orchestrator.population;

import io.lossforge.orchestrator.IllegalTransition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One loss under one task: the unit of training work, shared by every candidate of that loss and task.
 * At most one attempt is live at a time ({@code liveAttemptId}), and only that attempt can finish it — the
 * fence that makes a late or duplicate report harmless. A FINISHED evaluation never changes again.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "evaluation")
public class Evaluation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String hash;
    private String taskFingerprint;
    private String expression;
    private String reduction;

    /** {@code GradientFingerprint.familyKey} of the loss; "" when undefined, null before it is computed. */
    private String familyKey;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String task;

    private String dataset;
    private String model;

    @Enumerated(EnumType.STRING)
    private EvaluationStatus status;

    @Enumerated(EnumType.STRING)
    private CandidateOutcome outcome;

    private Double fitness;
    private Double validationLoss;
    private Double testAccuracy;
    private Double meanConfidence;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String result;

    private String trainer;
    private UUID liveAttemptId;
    private int attemptsStarted;
    private int failures;
    private String lastFailure;
    private Instant readyAt;
    private Instant createdAt;
    private Instant endedAt;
    private Long firstCandidateId;

    protected Evaluation() {}

    /** What a finished attempt produced (metrics are null when the outcome did not produce them). */
    public record Result(
            CandidateOutcome outcome,
            Double fitness,
            Double validationLoss,
            Double testAccuracy,
            Double meanConfidence,
            String reportJson,
            String trainerUrl) {}

    /** OPEN, no live attempt → live: {@code attemptId} is now the only attempt that can finish it. */
    public int started(UUID attemptId) {
        if (status != EvaluationStatus.OPEN || liveAttemptId != null) {
            throw new IllegalTransition("evaluation", id, status, "start attempt " + attemptId);
        }
        liveAttemptId = attemptId;
        return ++attemptsStarted;
    }

    /** OPEN and held by {@code attemptId} → FINISHED with the result; immutable from then on. */
    void finish(UUID attemptId, Result r, Instant now) {
        requireLive(attemptId, "finish");
        status = EvaluationStatus.FINISHED;
        outcome = r.outcome();
        fitness = r.outcome() == CandidateOutcome.SUCCEEDED ? r.fitness() : null;
        validationLoss = r.validationLoss();
        testAccuracy = r.testAccuracy();
        meanConfidence = r.meanConfidence();
        result = r.reportJson();
        trainer = r.trainerUrl();
        liveAttemptId = null;
        endedAt = now;
    }

    /**
     * The live attempt ended without a result. A budgeted failure counts toward {@code maxAttempts}; when
     * they are used up the evaluation is UNEVALUATED (true is returned). Otherwise it is ready again after
     * {@code delay}.
     */
    boolean attemptEnded(UUID attemptId, boolean budgeted, int maxAttempts, String why, Duration delay, Instant now) {
        requireLive(attemptId, "end attempt");
        liveAttemptId = null;
        lastFailure = why;
        if (budgeted) {
            failures++;
        }
        if (failures >= maxAttempts) {
            status = EvaluationStatus.UNEVALUATED;
            endedAt = now;
            return true;
        }
        readyAt = now.plus(delay);
        return false;
    }

    /** OPEN → ABANDONED: no running search needs it; returns the attempt that was live (to be stopped). */
    UUID abandon(Instant now) {
        if (status != EvaluationStatus.OPEN) {
            throw new IllegalTransition("evaluation", id, status, "be abandoned");
        }
        UUID live = liveAttemptId;
        status = EvaluationStatus.ABANDONED;
        liveAttemptId = null;
        endedAt = now;
        return live;
    }

    private void requireLive(UUID attemptId, String event) {
        if (status != EvaluationStatus.OPEN || !attemptId.equals(liveAttemptId)) {
            throw new IllegalTransition("evaluation", id, status, event + " by attempt " + attemptId);
        }
    }

    public Long id() {
        return id;
    }

    public String hash() {
        return hash;
    }

    public String taskFingerprint() {
        return taskFingerprint;
    }

    public String expression() {
        return expression;
    }

    public String reduction() {
        return reduction;
    }

    public String familyKey() {
        return familyKey;
    }

    /** Fills in the family key of an evaluation from before gradient equivalence (V6); never changes one. */
    void assignFamilyKey(String key) {
        if (familyKey != null) {
            throw new IllegalTransition("evaluation", id, status, "get a second family key");
        }
        familyKey = key;
    }

    /** The task as canonical JSON (a TaskSpec with defaults applied). */
    public String task() {
        return task;
    }

    public String dataset() {
        return dataset;
    }

    public String model() {
        return model;
    }

    public EvaluationStatus status() {
        return status;
    }

    public CandidateOutcome outcome() {
        return outcome;
    }

    public Double fitness() {
        return fitness;
    }

    public Double testAccuracy() {
        return testAccuracy;
    }

    /** The model's mean max-softmax probability on the images it was scored on; null unless SUCCEEDED. */
    public Double meanConfidence() {
        return meanConfidence;
    }

    public UUID liveAttemptId() {
        return liveAttemptId;
    }

    public int failures() {
        return failures;
    }

    public Instant readyAt() {
        return readyAt;
    }

    public String trainer() {
        return trainer;
    }

    /** The trainer's full report as JSON (a {@code TrialResult}); null until FINISHED. */
    public String resultJson() {
        return result;
    }
}
