package io.lossforge.orchestrator.search;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One candidate loss of a search generation (or a baseline, generation -1) and everything learned about
 * it: screening verdict, trial outcome, fitness and metrics. Status goes PENDING → (QUEUED | WAITING) →
 * DONE; DONE rows never change again.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "candidate")
class Candidate {

    /** Fitness of a candidate that could not be trained: below every real validation accuracy. */
    static final double PENALTY = -1.0;

    static final int BASELINE_GENERATION = -1;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    UUID searchId;
    int generation;
    int position;
    String baseline;
    String expression;
    String hash;
    String reduction;
    String taskFingerprint;
    String source;

    @JdbcTypeCode(SqlTypes.ARRAY)
    int[] parents;

    int nodes;
    String status;
    String verdict;
    String reason;
    String verdictDetail;
    String outcome;
    Double fitness;
    Double validationLoss;
    Double testAccuracy;
    Double meanConfidence;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    String result;

    Long cachedFrom;
    String trainer;
    int attempts;
    Instant createdAt;
    Instant evaluatedAt;

    protected Candidate() {}

    /**
     * Whether this DONE candidate's evaluation may stand for another candidate of the same loss and task:
     * a training outcome that depends only on loss and task (not a failure or cancellation of the
     * infrastructure). CandidateRepository#findReusable states the same rule in JPQL.
     */
    boolean isReusable() {
        return "DONE".equals(status) && ("SUCCEEDED".equals(outcome) || "DIVERGED".equals(outcome));
    }

    boolean isBaseline() {
        return generation == BASELINE_GENERATION;
    }
}
