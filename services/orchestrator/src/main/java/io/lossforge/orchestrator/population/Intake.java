package io.lossforge.orchestrator.population;

import io.lossforge.loss.screen.Screening;
import io.lossforge.loss.screen.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes PENDING candidates into the population: screening first, then the reuse rule (a FINISHED
 * evaluation of the same loss and task stands for the candidate: a cache hit), then an OPEN evaluation
 * to follow — an existing one, or a new one queued for training. Safe on several replicas at once:
 * candidates are locked with SKIP LOCKED, and the partial unique index decides which replica opens an
 * evaluation.
 */
@Service
public class Intake {

    /** Candidates per transaction: short locks, and progress survives a crash mid-generation. */
    private static final int BATCH = 64;

    private final CandidateRepository candidates;
    private final EvaluationRepository evaluations;
    private final PopulationMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Intake(
            CandidateRepository candidates,
            EvaluationRepository evaluations,
            PopulationMetrics metrics,
            ApplicationEventPublisher events,
            Clock clock) {
        this.candidates = candidates;
        this.evaluations = evaluations;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Takes in up to one batch of the search's PENDING candidates (generation {@code generation} and the
     * baselines); returns how many it took (0: none left that this replica could lock).
     *
     * @param task the search's task as canonical JSON, copied into new evaluations
     */
    @Transactional
    public int takeIn(UUID searchId, int generation, String task, String dataset, String model) {
        List<Candidate> pending = candidates.lockPending(searchId, generation, BATCH);
        Instant now = clock.instant();
        boolean queued = false;
        for (Candidate c : pending) {
            Verdict verdict = Screening.screen(Candidates.loss(c));
            metrics.verdict(verdict);
            if (!verdict.isAccepted()) {
                c.reject(verdict, now);
                continue;
            }
            var reusable = evaluations.findReusable(c.hash(), c.taskFingerprint());
            if (reusable.isPresent()) {
                c.follow(reusable.get(), true, verdict, now);
                metrics.cacheHit();
                continue;
            }
            int opened = evaluations.open(
                    c.hash(), c.taskFingerprint(), c.expression(), c.reduction(), task, dataset, model, now, c.id());
            Evaluation open = evaluations
                    .findOpen(c.hash(), c.taskFingerprint())
                    .or(() -> evaluations.findReusable(c.hash(), c.taskFingerprint()))
                    .orElseThrow(() -> new IllegalStateException("no evaluation for " + c.hash()));
            c.follow(open, opened == 0, verdict, now);
            queued |= opened > 0;
        }
        if (queued) {
            events.publishEvent(new PopulationEvents.WorkQueued());
        }
        return pending.size();
    }
}
