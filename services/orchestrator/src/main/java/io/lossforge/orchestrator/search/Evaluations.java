package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records what happened to candidates sent for training. Idempotent by construction: the candidate row is
 * locked, and once it is DONE nothing changes it — a duplicate or late report is acknowledged and
 * ignored. Candidates WAITING for the same loss get the result too (or go back to PENDING if it failed).
 */
@Service
public class Evaluations {

    private static final Logger log = LoggerFactory.getLogger(Evaluations.class);

    private final CandidateRepository candidates;
    private final SearchRepository searches;
    private final SearchService searchService;
    private final TrialQueue trials;
    private final SearchMetrics metrics;
    private final JsonMapper json;

    Evaluations(
            CandidateRepository candidates,
            SearchRepository searches,
            SearchService searchService,
            TrialQueue trials,
            SearchMetrics metrics,
            JsonMapper json) {
        this.candidates = candidates;
        this.searches = searches;
        this.searchService = searchService;
        this.trials = trials;
        this.metrics = metrics;
        this.json = json;
    }

    /** What to train for a queued candidate; empty when it has a result or its search is not running. */
    @Transactional(readOnly = true)
    public Optional<TrialWork> work(long candidateId) {
        return candidates
                .findById(candidateId)
                .filter(c -> !"DONE".equals(c.status))
                .flatMap(c -> searches.findById(c.searchId)
                        .filter(s -> s.state == SearchState.RUNNING)
                        .map(s -> new TrialWork(c.id, c.expression, c.reduction, searchService.task(s))));
    }

    /**
     * Records a trainer's final result; false when the candidate already had one (nothing changed).
     * A CANCELLED report while the search still runs means the trainer stopped (shutdown, scale-down),
     * not that the loss is bad: the candidate gets another attempt instead of the penalty.
     */
    @Transactional
    public boolean record(long candidateId, TrialResult report, String trainer, int maxAttempts) {
        Candidate c = candidates.findForUpdate(candidateId).orElse(null);
        if (c == null || "DONE".equals(c.status)) {
            return false;
        }
        if (report.outcome() == TrialOutcome.CANCELLED
                && searches.findById(c.searchId)
                        .map(s -> s.state == SearchState.RUNNING)
                        .orElse(false)) {
            retryOrFail(candidateId, maxAttempts, "the trainer " + trainer + " cancelled the trial");
            return true;
        }
        boolean succeeded = report.outcome() == TrialOutcome.SUCCEEDED && report.validationAccuracy() != null;
        // A "success" without an accuracy, or no outcome at all, is a failure: it must never be ranked or reused.
        c.outcome = succeeded
                ? "SUCCEEDED"
                : report.outcome() == null || report.outcome() == TrialOutcome.SUCCEEDED
                        ? "FAILED"
                        : report.outcome().name();
        c.fitness = succeeded ? report.validationAccuracy() : Candidate.PENALTY;
        c.validationLoss = report.validationLoss();
        c.testAccuracy = report.testAccuracy();
        c.meanConfidence = report.meanConfidence();
        c.result = json.writeValueAsString(report);
        c.trainer = trainer;
        finish(c);
        metrics.evaluated(c.outcome);
        return true;
    }

    /**
     * After a failed or expired attempt: queues the next one, or records the candidate FAILED (with the
     * penalty fitness) when {@code maxAttempts} are used up. Never throws for a broken candidate: a
     * generation always completes.
     */
    @Transactional
    public void retryOrFail(long candidateId, int maxAttempts, String why) {
        Candidate c = candidates.findForUpdate(candidateId).orElse(null);
        if (c == null || "DONE".equals(c.status)) {
            return;
        }
        if (c.attempts < maxAttempts) {
            c.attempts++;
            trials.enqueue(c.id, c.attempts);
            log.info("candidate {}: attempt {} after: {}", c.id, c.attempts, why);
            return;
        }
        c.outcome = "FAILED";
        c.fitness = Candidate.PENALTY;
        c.result = json.writeValueAsString(TrialResult.failed(why, 0));
        finish(c);
        metrics.evaluated(c.outcome);
    }

    /** Marks DONE and hands the result to candidates waiting for the same loss. */
    private void finish(Candidate c) {
        c.status = "DONE";
        c.evaluatedAt = Instant.now();
        boolean reusable = c.isReusable();
        for (Candidate waiting : candidates.findByCachedFromAndStatus(c.id, "WAITING")) {
            if (reusable) {
                copyResult(c, waiting);
                metrics.cacheHit();
            } else {
                waiting.status = "PENDING";
                waiting.cachedFrom = null;
            }
        }
    }

    /** {@code to} reuses {@code from}'s evaluation (same loss, same task) and is DONE. */
    static void copyResult(Candidate from, Candidate to) {
        to.cachedFrom = from.id;
        to.outcome = from.outcome;
        to.fitness = from.fitness;
        to.validationLoss = from.validationLoss;
        to.testAccuracy = from.testAccuracy;
        to.meanConfidence = from.meanConfidence;
        to.result = from.result;
        to.trainer = from.trainer;
        to.status = "DONE";
        to.evaluatedAt = Instant.now();
    }
}
