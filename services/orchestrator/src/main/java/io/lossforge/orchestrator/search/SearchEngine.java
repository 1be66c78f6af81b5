package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.orchestrator.population.Candidates;
import io.lossforge.orchestrator.population.Intake;
import io.lossforge.orchestrator.population.RejectionGate;
import io.lossforge.search.Breeder;
import io.lossforge.search.Evaluated;
import io.lossforge.search.SearchSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Advances one search as far as the database allows: start (baselines + generation 0), take PENDING
 * candidates in, and when no candidate of the generation is unfinished write its statistics and breed
 * the next one (or succeed). Each step is its own transaction, so a crash anywhere leaves a state the
 * next call (in this or another replica) continues from. Breeding happens exactly once per generation:
 * it runs under the search row's lock and re-checks the generation number.
 */
@Component
class SearchEngine {

    /** A search was created, resumed or has news: advance it soon. */
    record SearchChanged(UUID searchId) {}

    private static final Logger log = LoggerFactory.getLogger(SearchEngine.class);

    private final SearchRepository searches;
    private final CandidateRepository candidates;
    private final GenerationStatsRepository stats;
    private final Intake intake;
    private final RejectionGate rejections;
    private final SearchViews views;
    private final TrainerAvailability availability;
    private final TransactionTemplate tx;
    private final Clock clock;

    SearchEngine(
            SearchRepository searches,
            CandidateRepository candidates,
            GenerationStatsRepository stats,
            Intake intake,
            RejectionGate rejections,
            SearchViews views,
            TrainerAvailability availability,
            TransactionTemplate tx,
            Clock clock) {
        this.searches = searches;
        this.candidates = candidates;
        this.stats = stats;
        this.intake = intake;
        this.rejections = rejections;
        this.views = views;
        this.availability = availability;
        this.tx = tx;
        this.clock = clock;
    }

    /** One pass over the search; safe to call at any time, on any replica, any number of times. */
    /**
     * One pass over the search. {@code refreshBlocked}: also say whether it waits for a trainer (the
     * periodic pass does; a pass caused by a result need not, since a result proves a trainer works).
     * Most passes after a result find the generation still unfinished: that costs one read, no lock.
     */
    void advance(UUID id, boolean refreshBlocked) {
        Search current = searches.findById(id).orElse(null);
        if (current == null || current.state().isFinal()) {
            return;
        }
        boolean running = current.state() == SearchState.RUNNING;
        if (!running) {
            running = Boolean.TRUE.equals(tx.execute(s -> {
                Search search = searches.findForUpdate(id).orElseThrow();
                if (search.state() == SearchState.QUEUED) {
                    start(search);
                }
                return search.state() == SearchState.RUNNING;
            }));
        }
        int generation = current.generation();
        while (running) {
            Search search = searches.findById(id).orElseThrow();
            generation = search.generation();
            SearchSpec.Stages stages = views.spec(search).withDefaults().stages();
            if (stages.rejection()) {
                rejections.prepare(id); // outside any transaction: CPU-heavy, see RejectionGate
            }
            while (intake.takeIn(id, generation, search.task(), search.dataset(), search.model(), stages) > 0) {
                // each batch commits on its own
            }
            running = candidates.countUnfinished(id, generation) == 0
                    && Boolean.TRUE.equals(tx.execute(s -> completeGeneration(id)));
        }
        if (refreshBlocked) {
            tx.executeWithoutResult(s -> searches.findById(id)
                    .filter(search -> search.state() == SearchState.RUNNING)
                    .ifPresent(search ->
                            search.blocked(availability.whyNoneAvailable().orElse(null))));
        }
    }

    /** Marks the search FAILED (the engine could not advance it); resumable. */
    void fail(UUID id, String why) {
        // (called outside any transaction; its own one below)
        tx.executeWithoutResult(s -> searches.findForUpdate(id)
                .filter(search -> !search.state().isFinal())
                .ifPresent(search -> search.fail(why, clock.instant())));
    }

    private void start(Search search) {
        SearchSpec spec = views.spec(search);
        Instant now = clock.instant();
        List<String> baselines = spec.baselines();
        for (int i = 0; i < baselines.size(); i++) {
            candidates.save(Candidates.baseline(search.id(), search.taskFingerprint(), i, baselines.get(i), now));
        }
        search.start(now);
        insert(search, 0, new Breeder(spec).initialPopulation());
        log.info(
                "search {} started: {} baselines, {} generations",
                search.id(),
                baselines.size(),
                search.generationLimit());
    }

    /**
     * When no candidate of the current generation (nor a baseline) is unfinished: statistics, then breed
     * the next generation or succeed. Returns whether the search moved to a new generation (more to take in).
     */
    private boolean completeGeneration(UUID id) {
        Search search = searches.findForUpdate(id).orElseThrow();
        if (search.state() != SearchState.RUNNING || candidates.countUnfinished(id, search.generation()) > 0) {
            return false;
        }
        int g = search.generation();
        List<Candidate> current = candidates.findGeneration(id, g);
        Instant now = clock.instant();
        if (!stats.existsById(new GenerationStats.Key(id, g))) {
            stats.save(GenerationStatistics.of(id, g, current, now));
        }
        if (search.atLastGeneration()) {
            search.succeed(now);
            log.info("search {} succeeded after {} generations", id, g + 1);
            return false;
        }
        List<Evaluated> evaluated = current.stream()
                .map(c -> new Evaluated(Parser.parse(c.expression()), c.selectionFitness()))
                .toList();
        search.advance();
        List<io.lossforge.search.Candidate> bred = new Breeder(views.spec(search)).nextGeneration(g + 1, evaluated);
        insert(search, g + 1, bred);
        log.info("search {} bred generation {} ({} candidates)", id, g + 1, bred.size());
        return true;
    }

    private void insert(Search search, int generation, List<io.lossforge.search.Candidate> bred) {
        Reduction reduction = Reduction.of(search.reduction());
        Instant now = clock.instant();
        for (int i = 0; i < bred.size(); i++) {
            io.lossforge.search.Candidate b = bred.get(i);
            int[] parents = b.parents().stream().mapToInt(Integer::intValue).toArray();
            candidates.save(Candidates.bred(
                    search.id(),
                    search.taskFingerprint(),
                    generation,
                    i,
                    b.expression(),
                    reduction,
                    b.source().name(),
                    parents,
                    now));
        }
    }
}
