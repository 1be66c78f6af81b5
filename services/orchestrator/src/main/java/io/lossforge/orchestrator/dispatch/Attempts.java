package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trial.FailureKind;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.orchestrator.population.Evaluation;
import io.lossforge.orchestrator.population.PopulationEvents;
import io.lossforge.orchestrator.population.Results;
import io.lossforge.task.TaskSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * How attempts end, in one place: a trainer's report (callback, fetched after a heartbeat, or polled),
 * an expiry (lost trainer, stall, no confirmation), a supersession (the evaluation is no longer needed).
 * The attempt, its evaluation and the trainer's breaker change in the caller's transaction; network
 * calls (cancelling on the trainer) wait for the commit ({@link AfterCommit}); so does the trainer's
 * breaker ({@link TrainerBreaker}), in a transaction of its own. Lock order: trainer → attempt →
 * evaluation → candidates, everywhere; nothing locks a trainer while it holds an attempt.
 */
@Service
class Attempts {

    private static final Logger log = LoggerFactory.getLogger(Attempts.class);

    private final AttemptRepository attempts;
    private final TrainerRepository trainers;
    private final Results results;
    private final AfterCommit afterCommit;
    private final TrainerBreaker breaker;
    private final AttemptMetrics metrics;
    private final OrchestratorProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    Attempts(
            AttemptRepository attempts,
            TrainerRepository trainers,
            Results results,
            AfterCommit afterCommit,
            TrainerBreaker breaker,
            OrchestratorProperties properties,
            JsonMapper json,
            Clock clock,
            AttemptMetrics metrics) {
        this.metrics = metrics;
        this.attempts = attempts;
        this.trainers = trainers;
        this.results = results;
        this.afterCommit = afterCommit;
        this.breaker = breaker;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Whether attempt {@code id} exists and was leased to the trainer process {@code sender}; a report
     * from any other is refused ({@link ForeignReport}, 403) and counted. Empty when no such attempt exists.
     */
    @Transactional(readOnly = true)
    public Optional<Attempt> leasedTo(UUID id, UUID sender) {
        Optional<Attempt> attempt = attempts.findById(id);
        attempt.ifPresent(a -> requireLeasedTo(a, sender));
        return attempt;
    }

    private void requireLeasedTo(Attempt attempt, UUID sender) {
        boolean leased = trainers.findById(attempt.trainerId())
                .map(Trainer::instanceId)
                .filter(sender::equals)
                .isPresent();
        if (!leased) {
            metrics.foreign();
            log.warn("report on attempt {} from trainer instance {} refused: not leased to it", attempt.id(), sender);
            throw new ForeignReport(attempt.id());
        }
    }

    /**
     * A final report from trainer process {@code sender} (a callback): refused unless the attempt was leased
     * to it, then as {@link #report(UUID, TrialResult)} — on the one locked read of the attempt (the callback
     * is the dispatch loop's hottest path: no second read of the same row).
     */
    @Transactional
    public Optional<Attempt.Report> reportFrom(UUID id, UUID sender, TrialResult result) {
        return attempts.findForUpdate(id).map(attempt -> {
            requireLeasedTo(attempt, sender);
            return apply(attempt, result);
        });
    }

    /**
     * A final report on attempt {@code id}, fetched by the orchestrator itself (so its sender is known). Empty when no such attempt exists; otherwise how it was taken:
     * a report on an ended attempt is a duplicate or stored as late, and queues nothing.
     */
    @Transactional
    public Optional<Attempt.Report> report(UUID id, TrialResult result) {
        return attempts.findForUpdate(id).map(attempt -> apply(attempt, result));
    }

    /** {@link #report(UUID, TrialResult)} on the locked attempt. */
    private Attempt.Report apply(Attempt attempt, TrialResult result) {
        UUID id = attempt.id();
        if (attempt.state().isLive()) {
            // Checked before anything changes: a fitness that cannot be true would be reused by every later
            // search of this loss and task. (Reports on ended attempts change nothing, so they need no check.)
            TaskSpec task = json.readValue(results.lock(attempt.evaluationId()).task(), TaskSpec.class);
            Optional<String> problem = ReportPlausibility.problem(result, task);
            if (problem.isPresent()) {
                metrics.implausible();
                log.warn(
                        "implausible report on attempt {} from {} refused: {}",
                        id,
                        attempt.trainerUrl(),
                        problem.get());
                throw new ImplausibleReport(problem.get());
            }
        }
        Instant now = clock.instant();
        String reportJson = json.writeValueAsString(result);
        Classified c = classify(result);
        Attempt.Report taken =
                attempt.report(c.outcome == null ? null : c.outcome.name(), c.ending, c.detail, reportJson, now);
        if (taken == Attempt.Report.LATE) {
            metrics.late();
        }
        if (taken != Attempt.Report.APPLIED) {
            log.info("{} report on attempt {} ({}): ignored", taken, id, result.outcome());
            return taken;
        }
        if (c.outcome != null) {
            results.finished(
                    attempt.evaluationId(),
                    id,
                    new Evaluation.Result(
                            c.outcome,
                            result.validationAccuracy(),
                            result.validationLoss(),
                            result.testAccuracy(),
                            result.meanConfidence(),
                            reportJson,
                            attempt.trainerUrl()));
            breaker.credit(attempt.trainerId());
        } else {
            failed(attempt, c.ending, c.detail, now);
        }
        afterCommit.signalDispatch();
        return taken;
    }

    /** Gives a live attempt up ({@code why}); its evaluation is ready again (or unevaluated) at once. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void expire(Attempt attempt, AttemptEnding why, String detail, boolean cancelOnTrainer) {
        Instant now = clock.instant();
        attempt.expire(why, detail, now);
        metrics.expired(why);
        failed(attempt, why, detail, now);
        if (cancelOnTrainer && attempt.trainerUrl() != null) {
            afterCommit.cancel(attempt.trainerUrl(), attempt.id());
        }
        afterCommit.signalDispatch();
        log.info(
                "attempt {} of evaluation {} on {} expired: {} ({})",
                attempt.id(),
                attempt.evaluationId(),
                attempt.trainerUrl(),
                why,
                detail);
    }

    /** Locks the live attempts of evaluations about to be abandoned (lock order attempt → evaluation). */
    @EventListener
    void on(PopulationEvents.Releasing event) {
        attempts.lockLiveOf(event.evaluationIds());
    }

    /** Evaluations no running search needs: their live attempts are superseded and stopped. */
    @EventListener
    void on(PopulationEvents.EvaluationsAbandoned event) {
        if (event.liveAttempts().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Attempt a : attempts.lockLiveOf(event.evaluationIds())) {
            a.supersede(now);
            if (a.trainerUrl() != null) {
                afterCommit.cancel(a.trainerUrl(), a.id());
            }
        }
    }

    private void failed(Attempt attempt, AttemptEnding why, String detail, Instant now) {
        boolean retried = results.failed(
                attempt.evaluationId(),
                attempt.id(),
                why.budgeted,
                properties.dispatch().maxAttempts(),
                why + (detail == null ? "" : ": " + detail),
                why.retryAfter);
        if (retried) {
            metrics.retried(why);
        }
        if (why.blamesTrainer) {
            breaker.blame(attempt.trainerId(), attempt.evaluationId(), why.name());
        }
    }

    /** A report read as a candidate outcome, or as an infrastructure ending. */
    private record Classified(CandidateOutcome outcome, AttemptEnding ending, String detail) {}

    private static Classified classify(TrialResult r) {
        String message = r.message();
        if (r.outcome() == TrialOutcome.SUCCEEDED && r.validationAccuracy() != null) {
            return new Classified(CandidateOutcome.SUCCEEDED, null, null);
        }
        if (r.outcome() == TrialOutcome.DIVERGED) {
            return new Classified(CandidateOutcome.DIVERGED, null, message);
        }
        if (r.outcome() == TrialOutcome.FAILED) {
            FailureKind kind = r.failureKind();
            return switch (kind) {
                case INVALID_LOSS -> new Classified(CandidateOutcome.INVALID_LOSS, null, message);
                case OUT_OF_MEMORY -> new Classified(null, AttemptEnding.OUT_OF_MEMORY, message);
                case DATASET_UNAVAILABLE -> new Classified(null, AttemptEnding.DATASET_UNAVAILABLE, message);
                case ENGINE_ERROR -> new Classified(null, AttemptEnding.TRAINER_ERROR, message);
            };
        }
        if (r.outcome() == TrialOutcome.CANCELLED) {
            boolean shutdown = r.cancelReason() == io.lossforge.api.trial.CancelReason.SHUTDOWN;
            return new Classified(null, shutdown ? AttemptEnding.SHUTDOWN : AttemptEnding.CANCELLED, message);
        }
        // A "success" without an accuracy, or a non-final outcome: never ranked, never reused.
        return new Classified(null, AttemptEnding.TRAINER_ERROR, "unusable report: " + r.outcome() + " " + message);
    }
}
