package io.lossforge.orchestrator.population;

import io.lossforge.loss.screen.Verdict;
import io.lossforge.orchestrator.IllegalTransition;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One candidate loss of a search generation (or a baseline, generation -1): what was bred, its screening
 * verdict, and the evaluation that stands for it. Its result is the evaluation's (one loss × task is
 * trained once, however many candidates share it). Transitions are the methods below ({@link
 * CandidateStatus}); anything else throws {@link IllegalTransition}.
 */
@Entity
@org.hibernate.annotations.DynamicUpdate
@Table(name = "candidate")
public class Candidate {

    /** Selection fitness of anything without a successful evaluation: below every real accuracy. */
    public static final double PENALTY = -1.0;

    public static final int BASELINE_GENERATION = -1;

    /**
     * The reason of a candidate the rejection protocol removed (probe logits optimised under it did not
     * learn the labels); screening's reasons are {@code RejectionReason} names.
     */
    public static final String DOES_NOT_LEARN = "DOES_NOT_LEARN";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private UUID searchId;
    private int generation;
    private int position;

    /**
     * Its multi-fidelity rung (0: the smallest budget; {@code Fidelity#top()}: the search's task). A
     * promoted candidate has one row per rung it reached, each with that rung's task fingerprint.
     */
    private int rung;

    private String baseline;
    private String expression;
    private String hash;
    private String reduction;
    private String taskFingerprint;
    private String source;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private int[] parents;

    private int nodes;

    @Enumerated(EnumType.STRING)
    private CandidateStatus status;

    private String verdict;
    private String reason;
    private String verdictDetail;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "evaluation_id")
    private Evaluation evaluation;

    private boolean reused;
    private boolean equivalent;
    private Instant createdAt;
    private Instant evaluatedAt;

    protected Candidate() {}

    Candidate(
            UUID searchId,
            int generation,
            int position,
            int rung,
            String baseline,
            String expression,
            String hash,
            String reduction,
            String taskFingerprint,
            String source,
            int[] parents,
            int nodes,
            Instant now) {
        this.searchId = searchId;
        this.generation = generation;
        this.position = position;
        this.rung = rung;
        this.baseline = baseline;
        this.expression = expression;
        this.hash = hash;
        this.reduction = reduction;
        this.taskFingerprint = taskFingerprint;
        this.source = source;
        this.parents = parents;
        this.nodes = nodes;
        this.status = CandidateStatus.PENDING;
        this.createdAt = now;
    }

    /** PENDING → REJECTED: screening found it cannot be a useful loss. */
    void reject(Verdict verdict, Instant now) {
        require(CandidateStatus.PENDING, "be rejected");
        this.verdict = "REJECTED";
        this.reason = verdict.reason().name();
        this.verdictDetail = verdict.detail();
        this.status = CandidateStatus.REJECTED;
        this.evaluatedAt = now;
    }

    /** PENDING → REJECTED by the rejection protocol: probe logits optimised under it did not learn. */
    void rejectAsNotLearning(String detail, Instant now) {
        require(CandidateStatus.PENDING, "be rejected");
        this.verdict = "REJECTED";
        this.reason = DOES_NOT_LEARN;
        this.verdictDetail = detail;
        this.status = CandidateStatus.REJECTED;
        this.evaluatedAt = now;
    }

    /**
     * PENDING → EVALUATING (the evaluation is OPEN) or EVALUATED (it FINISHED: a cache hit). {@code
     * reused}: another candidate's evaluation stands for this one.
     */
    void follow(Evaluation evaluation, boolean reused, Verdict verdict, Instant now) {
        follow(evaluation, reused, false, verdict, now);
    }

    /**
     * As {@link #follow(Evaluation, boolean, Verdict, Instant)}, for an evaluation of a different loss whose
     * gradient is equivalent to this candidate's (always reused).
     */
    void followEquivalent(Evaluation evaluation, Verdict verdict, Instant now) {
        follow(evaluation, true, true, verdict, now);
    }

    private void follow(Evaluation evaluation, boolean reused, boolean equivalent, Verdict verdict, Instant now) {
        require(CandidateStatus.PENDING, "follow an evaluation");
        this.equivalent = equivalent;
        this.verdict = "ACCEPTED";
        this.reason = null;
        this.verdictDetail = verdict.detail();
        this.evaluation = evaluation;
        this.reused = reused;
        switch (evaluation.status()) {
            case OPEN -> status = CandidateStatus.EVALUATING;
            case FINISHED -> {
                status = CandidateStatus.EVALUATED;
                evaluatedAt = now;
            }
            default ->
                throw new IllegalTransition("candidate", id, status, "follow a " + evaluation.status() + " evaluation");
        }
    }

    /** EVALUATING|UNEVALUATED → PENDING: its search stopped (or resumes); the next screening decides again. */
    void reset() {
        if (status != CandidateStatus.EVALUATING && status != CandidateStatus.UNEVALUATED) {
            throw new IllegalTransition("candidate", id, status, "reset");
        }
        status = CandidateStatus.PENDING;
        evaluation = null;
        reused = false;
        equivalent = false;
    }

    private void require(CandidateStatus from, String event) {
        if (status != from) {
            throw new IllegalTransition("candidate", id, status, event);
        }
    }

    public Long id() {
        return id;
    }

    public UUID searchId() {
        return searchId;
    }

    public int generation() {
        return generation;
    }

    public int position() {
        return position;
    }

    public int rung() {
        return rung;
    }

    /** Whether this row is a candidate moved up from a lower rung (baselines start at the top rung). */
    public boolean isPromoted() {
        return !isBaseline() && rung > 0;
    }

    public String baseline() {
        return baseline;
    }

    public boolean isBaseline() {
        return generation == BASELINE_GENERATION;
    }

    public String expression() {
        return expression;
    }

    public String hash() {
        return hash;
    }

    public String reduction() {
        return reduction;
    }

    public String taskFingerprint() {
        return taskFingerprint;
    }

    public String source() {
        return source;
    }

    public int nodes() {
        return nodes;
    }

    /** Positions of its parents in the previous generation (empty for seeds, random trees, baselines). */
    public int[] parents() {
        return parents == null ? new int[0] : parents.clone();
    }

    public CandidateStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public boolean reused() {
        return reused;
    }

    /** Whether its evaluation is of a different, gradient-equivalent loss (then also {@link #reused()}). */
    public boolean equivalent() {
        return equivalent;
    }

    /** The evaluation that stands for this candidate; null while PENDING, when REJECTED or UNEVALUATED. */
    public Evaluation evaluation() {
        return status == CandidateStatus.EVALUATING || status == CandidateStatus.EVALUATED ? evaluation : null;
    }

    /** Its outcome once EVALUATED; null otherwise. */
    public CandidateOutcome outcome() {
        return status == CandidateStatus.EVALUATED ? evaluation.outcome() : null;
    }

    /** Its validation accuracy once EVALUATED with SUCCEEDED; null otherwise. */
    public Double fitness() {
        return outcome() == CandidateOutcome.SUCCEEDED ? evaluation.fitness() : null;
    }

    /** What breeding selects on: the accuracy, or {@link #PENALTY} for anything without one. */
    public double selectionFitness() {
        Double fitness = fitness();
        return fitness == null ? PENALTY : fitness;
    }
}
