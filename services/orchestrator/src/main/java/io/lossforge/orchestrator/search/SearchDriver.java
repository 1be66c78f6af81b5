package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.screen.Screening;
import io.lossforge.loss.screen.Verdict;
import io.lossforge.search.Breeder;
import io.lossforge.search.Evaluated;
import io.lossforge.search.SearchSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The search engine's loop. Each tick advances every active search as far as the database allows:
 * start (baselines + generation 0), screen and cache-check new candidates, queue the rest for training,
 * and when a generation is complete write its statistics and breed the next one — each step in its own
 * transaction, so a crash at any point leaves a state the next tick (in this or a restarted process)
 * continues from. Nothing is kept in memory between ticks but a failure counter.
 */
@Component
class SearchDriver {

    private static final Logger log = LoggerFactory.getLogger(SearchDriver.class);
    private static final int FAILURES_BEFORE_GIVING_UP = 5;

    private final SearchRepository searches;
    private final CandidateRepository candidates;
    private final GenerationStatsRepository stats;
    private final SearchService searchService;
    private final TrialQueue trials;
    private final SearchMetrics metrics;
    private final TransactionTemplate tx;
    private final Map<UUID, Integer> failures = new ConcurrentHashMap<>();

    SearchDriver(
            SearchRepository searches,
            CandidateRepository candidates,
            GenerationStatsRepository stats,
            SearchService searchService,
            TrialQueue trials,
            SearchMetrics metrics,
            TransactionTemplate tx) {
        this.searches = searches;
        this.candidates = candidates;
        this.stats = stats;
        this.searchService = searchService;
        this.trials = trials;
        this.metrics = metrics;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${lossforge.orchestrator.dispatch.interval:200ms}")
    void tick() {
        for (SearchJob job : searches.findByStateIn(List.of(SearchState.QUEUED, SearchState.RUNNING))) {
            try {
                advance(job.id);
                failures.remove(job.id);
            } catch (RuntimeException e) {
                int count = failures.merge(job.id, 1, Integer::sum);
                log.warn(
                        "search {} could not advance ({} of {}): {}",
                        job.id,
                        count,
                        FAILURES_BEFORE_GIVING_UP,
                        e.toString());
                if (count >= FAILURES_BEFORE_GIVING_UP) {
                    fail(job.id, e);
                }
            }
        }
    }

    private void advance(UUID id) {
        tx.executeWithoutResult(status -> {
            SearchJob job = searchService.jobForUpdate(id);
            if (job.state == SearchState.QUEUED) {
                start(job);
            }
        });
        releaseStuckWaiters(id);
        int generation = searchService.job(id).generation;
        for (Long candidateId : candidates.findPendingIds(id, generation)) {
            tx.executeWithoutResult(status -> screen(candidateId));
        }
        tx.executeWithoutResult(status -> completeGeneration(searchService.jobForUpdate(id)));
    }

    /**
     * A WAITING candidate waits for another candidate of the same loss and task. If that one is DONE
     * (its result came while this one was being queued) or belongs to a search that stopped, this one
     * takes the result or goes back to PENDING to be trained itself; otherwise it could wait forever.
     */
    private void releaseStuckWaiters(UUID id) {
        for (Candidate waiting : candidates.findBySearchIdAndStatus(id, "WAITING")) {
            tx.executeWithoutResult(status -> {
                Candidate c = candidates.findForUpdate(waiting.id).orElseThrow();
                Candidate leader = c.cachedFrom == null
                        ? null
                        : candidates.findById(c.cachedFrom).orElse(null);
                if (!"WAITING".equals(c.status)) {
                    return;
                }
                if (leader != null && leader.isReusable()) {
                    Evaluations.copyResult(leader, c);
                    metrics.cacheHit();
                } else if (leader == null
                        || "DONE".equals(leader.status)
                        || searchService.job(leader.searchId).state != SearchState.RUNNING) {
                    c.status = "PENDING";
                    c.cachedFrom = null;
                }
            });
        }
    }

    private void start(SearchJob job) {
        SearchSpec spec = searchService.spec(job);
        List<String> baselines = spec.baselines();
        for (int i = 0; i < baselines.size(); i++) {
            candidates.save(Candidates.baseline(job, i, baselines.get(i)));
        }
        insert(job, 0, new Breeder(spec).initialPopulation());
        job.state = SearchState.RUNNING;
        job.startedAt = Instant.now();
        job.generation = 0;
        log.info("search {} started: {} baselines, generation 0 of {}", job.id, baselines.size(), spec.generations());
    }

    /** Screening, then the evaluation cache, then training: a PENDING candidate leaves PENDING here. */
    private void screen(long candidateId) {
        Candidate c = candidates.findForUpdate(candidateId).orElseThrow();
        if (!"PENDING".equals(c.status) || searchService.job(c.searchId).state != SearchState.RUNNING) {
            return;
        }
        Verdict verdict = Screening.screen(Candidates.loss(c));
        metrics.verdict(verdict);
        c.verdictDetail = verdict.detail();
        if (!verdict.isAccepted()) {
            c.verdict = "REJECTED";
            c.reason = verdict.reason().name();
            c.outcome = "REJECTED";
            c.fitness = Candidate.PENALTY;
            c.status = "DONE";
            c.evaluatedAt = Instant.now();
            return;
        }
        c.verdict = "ACCEPTED";
        var reusable = candidates.findReusable(c.hash, c.taskFingerprint);
        if (reusable.isPresent()) {
            Evaluations.copyResult(reusable.get(), c);
            metrics.cacheHit();
            return;
        }
        var inFlight = candidates.findInFlight(c.hash, c.taskFingerprint);
        if (inFlight.isPresent()) {
            c.status = "WAITING";
            c.cachedFrom = inFlight.get().id;
            return;
        }
        c.status = "QUEUED";
        c.attempts = 1;
        trials.enqueue(c.id, 1);
    }

    /** When every candidate of the generation (and every baseline) is DONE: statistics, then breed or finish. */
    private void completeGeneration(SearchJob job) {
        if (job.state != SearchState.RUNNING
                || candidates.countBySearchIdAndGenerationInAndStatusNot(
                                job.id, List.of(Candidate.BASELINE_GENERATION, job.generation), "DONE")
                        > 0) {
            return;
        }
        List<Candidate> current = candidates.findBySearchIdAndGenerationOrderByPosition(job.id, job.generation);
        if (!stats.existsById(new GenerationStats.Key(job.id, job.generation))) {
            stats.save(GenerationStatistics.of(job.id, job.generation, current));
        }
        SearchSpec spec = searchService.spec(job);
        if (job.generation + 1 >= spec.generations()) {
            job.finish(SearchState.SUCCEEDED, null);
            log.info("search {} succeeded after {} generations", job.id, job.generation + 1);
            return;
        }
        List<Evaluated> evaluated = new ArrayList<>();
        for (Candidate c : current) {
            evaluated.add(new Evaluated(Parser.parse(c.expression), c.fitness));
        }
        int next = job.generation + 1;
        insert(job, next, new Breeder(spec).nextGeneration(next, evaluated));
        job.generation = next;
    }

    private void insert(SearchJob job, int generation, List<io.lossforge.search.Candidate> bred) {
        Reduction reduction = Reduction.of(job.reduction);
        for (int i = 0; i < bred.size(); i++) {
            io.lossforge.search.Candidate b = bred.get(i);
            int[] parents = b.parents().stream().mapToInt(Integer::intValue).toArray();
            candidates.save(Candidates.of(
                    job, generation, i, b.expression(), reduction, b.source().name(), parents, null));
        }
    }

    private void fail(UUID id, RuntimeException cause) {
        tx.executeWithoutResult(status -> {
            SearchJob job = searchService.jobForUpdate(id);
            if (job.state.isFinal()) {
                return;
            }
            job.finish(SearchState.FAILED, "the engine could not advance the search: " + cause.getMessage());
            trials.cancelSearch(id);
        });
        failures.remove(id);
    }
}
