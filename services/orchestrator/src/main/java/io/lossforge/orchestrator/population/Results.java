package io.lossforge.orchestrator.population;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records how an evaluation's live attempt ended, in the caller's transaction (the dispatcher ends the
 * attempt in the same one). A result finishes the evaluation and every candidate following it; a failure
 * uses up budget or makes it ready again. Only the live attempt may do either (the evaluation checks).
 */
@Service
public class Results {

    private static final Logger log = LoggerFactory.getLogger(Results.class);

    private final EvaluationRepository evaluations;
    private final CandidateRepository candidates;
    private final PopulationMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Results(
            EvaluationRepository evaluations,
            CandidateRepository candidates,
            PopulationMetrics metrics,
            ApplicationEventPublisher events,
            Clock clock) {
        this.evaluations = evaluations;
        this.candidates = candidates;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /** The evaluation locked for the rest of the transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Evaluation lock(long evaluationId) {
        return evaluations
                .findForUpdate(evaluationId)
                .orElseThrow(() -> new IllegalStateException("no evaluation " + evaluationId));
    }

    /** The live attempt produced a candidate outcome: the evaluation and its followers are finished. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void finished(long evaluationId, UUID attemptId, Evaluation.Result result) {
        Instant now = clock.instant();
        Evaluation e = lock(evaluationId);
        e.finish(attemptId, result, now);
        evaluations.flush();
        candidates.settleFollowers(evaluationId, CandidateStatus.EVALUATED.name(), now);
        metrics.evaluated(result.outcome().name());
        ended(evaluationId);
    }

    /**
     * The live attempt ended without a result. {@code budgeted}: it counts toward {@code maxAttempts};
     * the evaluation (and its followers) become UNEVALUATED when they are used up. Otherwise the work is
     * ready again after {@code delay}. Returns whether it was queued again (false: unevaluated).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean failed(
            long evaluationId, UUID attemptId, boolean budgeted, int maxAttempts, String why, Duration delay) {
        Instant now = clock.instant();
        Evaluation e = lock(evaluationId);
        boolean exhausted = e.attemptEnded(attemptId, budgeted, maxAttempts, why, delay, now);
        if (exhausted) {
            log.warn(
                    "evaluation {} ({}) unevaluated after {} failed attempts: {}",
                    e.id(),
                    e.expression(),
                    e.failures(),
                    why);
            evaluations.flush();
            candidates.settleFollowers(evaluationId, CandidateStatus.UNEVALUATED.name(), now);
            metrics.evaluated(PopulationMetrics.UNEVALUATED);
            ended(evaluationId);
            return false;
        }
        events.publishEvent(new PopulationEvents.WorkQueued());
        return true;
    }

    /**
     * Candidates of a stopped search let go of their evaluations (back to PENDING, for a resume); an OPEN
     * evaluation nobody else follows is abandoned and its live attempt is to be stopped.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(UUID searchId) {
        // The ids come from the rows, not from the candidates' evaluations: loading an evaluation before
        // it is locked below would leave a stale copy in the persistence context (a dispatcher may start
        // an attempt on it in between, and the lock query does not refresh a managed entity).
        var held = new HashSet<Long>(candidates.evaluationsFollowedBy(searchId));
        for (Candidate c : candidates.findBySearchAndStatus(searchId, List.of(CandidateStatus.EVALUATING))) {
            c.reset();
        }
        candidates.flush();
        abandonUnneeded(held);
    }

    /**
     * Abandons those of {@code held} that no EVALUATING candidate and no running study follows any more;
     * their live attempts are to be stopped (published). The caller has already let go of them (flushed).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void abandonUnneeded(java.util.Collection<Long> held) {
        if (held.isEmpty()) {
            return;
        }
        events.publishEvent(new PopulationEvents.Releasing(held));
        Instant now = clock.instant();
        List<Long> abandoned = new java.util.ArrayList<>();
        List<UUID> live = new java.util.ArrayList<>();
        for (Evaluation e : evaluations.unneeded(held)) {
            UUID attempt = e.abandon(now);
            abandoned.add(e.id());
            if (attempt != null) {
                live.add(attempt);
            }
        }
        if (!abandoned.isEmpty()) {
            events.publishEvent(new PopulationEvents.EvaluationsAbandoned(abandoned, live));
        }
    }

    /**
     * A resumed search tries its current generation's UNEVALUATED candidates again (a fresh budget: the
     * infrastructure may have been fixed); finished generations are never touched.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int retryUnevaluated(UUID searchId, int generation) {
        int n = 0;
        for (Candidate c : candidates.findBySearchAndStatus(searchId, List.of(CandidateStatus.UNEVALUATED))) {
            if (c.generation() == generation || c.isBaseline()) {
                c.reset();
                n++;
            }
        }
        return n;
    }

    private void ended(long evaluationId) {
        events.publishEvent(new PopulationEvents.EvaluationEnded(
                evaluationId, new HashSet<>(candidates.searchesFollowing(evaluationId))));
    }
}
