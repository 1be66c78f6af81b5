package io.lossforge.orchestrator.population;

import io.lossforge.api.search.StageSavings;
import io.lossforge.loss.Loss;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.loss.reject.RejectionVerdict;
import io.lossforge.loss.screen.Screening;
import io.lossforge.loss.screen.Verdict;
import io.lossforge.search.SearchSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes PENDING candidates into the population, stage by stage, each cheaper than training:
 * <ol>
 *   <li>screening (a loss that cannot be useful is REJECTED);</li>
 *   <li>the reuse rule: a FINISHED evaluation of the same loss and task stands for the candidate (a
 *       cache hit), or an OPEN one is followed;</li>
 *   <li>gradient equivalence (when the search has it on): an OPEN or FINISHED evaluation of the task whose
 *       loss is {@link GradientFamilies gradient-equivalent} stands for it, across searches;</li>
 *   <li>the rejection protocol (when on): a loss under which optimised probe logits do not learn the labels
 *       is REJECTED ({@link Candidate#DOES_NOT_LEARN});</li>
 *   <li>otherwise a new OPEN evaluation, queued for training.</li>
 * </ol>
 * Safe on several replicas at once: candidates are locked with SKIP LOCKED, the partial unique index
 * decides which replica opens an evaluation of one loss, and a transaction-scoped advisory lock on
 * (family key, task) serialises the equivalence look-up and the insert, so that two replicas cannot open
 * two evaluations of one family.
 */
@Service
public class Intake {

    /** Candidates per transaction: short locks, and progress survives a crash mid-generation. */
    private static final int BATCH = 64;

    private final CandidateRepository candidates;
    private final EvaluationRepository evaluations;
    private final GradientFamilies families;
    private final RejectionGate rejections;
    private final PopulationMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Intake(
            CandidateRepository candidates,
            EvaluationRepository evaluations,
            GradientFamilies families,
            RejectionGate rejections,
            PopulationMetrics metrics,
            ApplicationEventPublisher events,
            Clock clock) {
        this.candidates = candidates;
        this.evaluations = evaluations;
        this.families = families;
        this.rejections = rejections;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Takes in up to one batch of the search's PENDING candidates (generation {@code generation} and the
     * baselines); returns how many it took (0: none left that this replica could lock).
     *
     * @param tasks the search's task at each rung, copied into new evaluations of a candidate of that rung
     * @param stages the search's stages, with defaults applied
     */
    @Transactional
    public int takeIn(
            UUID searchId, int generation, RungTasks tasks, String dataset, String model, SearchSpec.Stages stages) {
        if (!io.lossforge.api.search.SearchState.RUNNING.name().equals(candidates.lockSearchState(searchId))) {
            return 0; // cancelled (or failed) meanwhile: its candidates wait for a resume
        }
        List<Candidate> pending = candidates.lockPending(searchId, generation, BATCH);
        Instant now = clock.instant();
        boolean queued = false;
        // Rungs differ in their budget only, never in the optimizer: one invariance for all.
        ScaleInvariance invariance = families.invariance(tasks.json().getLast());
        List<Screened> screened = pending.stream().map(Screened::of).toList();
        if (stages.gradientEquivalence()) {
            lockFamilies(screened);
        }
        for (Screened s : screened) {
            queued |= admit(s, tasks.taskOf(s.candidate()), dataset, model, stages, invariance, now);
        }
        if (queued) {
            events.publishEvent(new PopulationEvents.WorkQueued());
        }
        return pending.size();
    }

    /**
     * One candidate through the stages; true when it opened a new evaluation (queued for training). The
     * rejection protocol's verdict is read from {@link RejectionGate} (prepared before this transaction).
     */
    private boolean admit(
            Screened s,
            String task,
            String dataset,
            String model,
            SearchSpec.Stages stages,
            ScaleInvariance invariance,
            Instant now) {
        Candidate c = s.candidate();
        Verdict verdict = s.verdict();
        if (!c.isPromoted()) { // a promoted one was counted at its first rung
            metrics.verdict(verdict);
        }
        if (!verdict.isAccepted()) {
            c.reject(verdict, now);
            return false;
        }
        var reusable = evaluations.findReusable(c.hash(), c.taskFingerprint());
        if (reusable.isPresent()) {
            c.follow(reusable.get(), true, verdict, now);
            metrics.cacheHit();
            return false;
        }
        String familyKey = families.familyKey(c.hash(), s.loss());
        if (stages.gradientEquivalence() && !familyKey.isEmpty()) {
            var equivalent = families.equivalentEvaluation(c.hash(), s.loss(), c.taskFingerprint(), invariance);
            if (equivalent.isPresent()) {
                c.followEquivalent(equivalent.get(), verdict, now);
                metrics.removed(StageSavings.GRADIENT_EQUIVALENCE);
                return false;
            }
        }
        if (stages.rejection()) {
            RejectionVerdict untrainable = rejections.verdict(c.hash(), s.loss());
            if (untrainable.rejected()) {
                c.rejectAsNotLearning(untrainable.detail(), now);
                metrics.removed(StageSavings.REJECTION);
                return false;
            }
        }
        int opened = evaluations.open(
                c.hash(),
                c.taskFingerprint(),
                c.expression(),
                c.reduction(),
                task,
                dataset,
                model,
                now,
                c.id(),
                familyKey);
        Evaluation open = evaluations
                .findOpen(c.hash(), c.taskFingerprint())
                .or(() -> evaluations.findReusable(c.hash(), c.taskFingerprint()))
                .orElseThrow(() -> new IllegalStateException("no evaluation for " + c.hash()));
        c.follow(open, opened == 0, verdict, now);
        return opened > 0;
    }

    /** A candidate with its parsed loss and screening verdict (each computed once per batch). */
    private record Screened(Candidate candidate, Loss loss, Verdict verdict) {
        static Screened of(Candidate c) {
            Loss loss = Candidates.loss(c);
            return new Screened(c, loss, Screening.screen(loss));
        }
    }

    /**
     * Locks the (family key, task) pairs of the batch's accepted candidates, in sorted order (two replicas
     * taking overlapping sets in different orders would deadlock). Rejected ones never reach a look-up.
     */
    private void lockFamilies(List<Screened> screened) {
        SortedSet<String> keys = new TreeSet<>();
        for (Screened s : screened) {
            String key =
                    s.verdict().isAccepted() ? families.familyKey(s.candidate().hash(), s.loss()) : "";
            if (!key.isEmpty()) {
                keys.add(key + " " + s.candidate().taskFingerprint());
            }
        }
        keys.forEach(evaluations::lockFamily);
    }
}
