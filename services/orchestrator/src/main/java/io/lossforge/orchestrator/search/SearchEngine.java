package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.api.search.StageSavings;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.orchestrator.population.Candidates;
import io.lossforge.orchestrator.population.GradientFamilies;
import io.lossforge.orchestrator.population.Intake;
import io.lossforge.orchestrator.population.PopulationMetrics;
import io.lossforge.orchestrator.population.RejectionGate;
import io.lossforge.orchestrator.population.RungTasks;
import io.lossforge.search.Breeder;
import io.lossforge.search.Evaluated;
import io.lossforge.search.Fidelity;
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
    private final GradientFamilies families;
    private final SearchViews views;
    private final TrainerAvailability availability;
    private final PopulationMetrics metrics;
    private final TransactionTemplate tx;
    private final Clock clock;

    SearchEngine(
            SearchRepository searches,
            CandidateRepository candidates,
            GenerationStatsRepository stats,
            Intake intake,
            RejectionGate rejections,
            GradientFamilies families,
            SearchViews views,
            TrainerAvailability availability,
            PopulationMetrics metrics,
            TransactionTemplate tx,
            Clock clock) {
        this.searches = searches;
        this.candidates = candidates;
        this.stats = stats;
        this.intake = intake;
        this.rejections = rejections;
        this.families = families;
        this.views = views;
        this.availability = availability;
        this.metrics = metrics;
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
                    start(search, views.rungTasks(search));
                }
                return search.state() == SearchState.RUNNING;
            }));
        }
        int generation = current.generation();
        // A search's spec and task never change (a resume adds generations only): read them once per pass.
        SearchSpec spec = views.spec(current);
        SearchSpec.Stages stages = spec.withDefaults().stages();
        RungTasks tasks = views.rungTasks(current);
        ScaleInvariance invariance = families.invariance(tasks.json().getLast());
        while (running) {
            Search search = searches.findById(id).orElseThrow();
            generation = search.generation();
            if (stages.rejection()) { // outside any transaction: CPU-heavy, see RejectionGate
                rejections.prepare(id, stages.gradientEquivalence(), invariance);
            }
            while (intake.takeIn(id, generation, tasks, search.dataset(), search.model(), stages) > 0) {
                // each batch commits on its own
            }
            // Baselines need not be done for a rung to be promoted, only to end the generation.
            running = candidates.countUnfinishedBred(id, generation) == 0
                    && Boolean.TRUE.equals(tx.execute(s -> completeGeneration(id, spec, tasks)));
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

    private void start(Search search, RungTasks tasks) {
        SearchSpec spec = views.spec(search);
        Instant now = clock.instant();
        List<String> baselines = spec.baselines();
        for (int i = 0; i < baselines.size(); i++) {
            candidates.save(
                    Candidates.baseline(search.id(), search.taskFingerprint(), i, tasks.top(), baselines.get(i), now));
        }
        search.start(now);
        insert(search, 0, new Breeder(spec).initialPopulation(), tasks);
        log.info(
                "search {} started: {} baselines, {} generations",
                search.id(),
                baselines.size(),
                search.generationLimit());
    }

    /**
     * When no candidate of the current generation (nor a baseline) is unfinished: promote the best of its
     * highest rung to the next one (multi-fidelity), or when there is none to promote, statistics, then
     * breed the next generation or succeed. Returns whether there are new candidates to take in.
     */
    private boolean completeGeneration(UUID id, SearchSpec spec, RungTasks tasks) {
        Search search = searches.findForUpdate(id).orElseThrow();
        if (search.state() != SearchState.RUNNING || candidates.countUnfinishedBred(id, search.generation()) > 0) {
            return false;
        }
        int g = search.generation();
        List<Candidate> current = candidates.findGeneration(id, g);
        Instant now = clock.instant();
        if (promote(search, current, spec.withDefaults().fidelity(), tasks, now)) {
            return true;
        }
        if (candidates.countUnfinished(id, g) > 0) {
            return false; // a baseline still runs: its result ends the generation
        }
        if (!stats.existsById(new GenerationStats.Key(id, g))) {
            stats.save(GenerationStatistics.of(id, g, current, now));
        }
        if (search.atLastGeneration()) {
            search.succeed(now);
            log.info("search {} succeeded after {} generations", id, g + 1);
            return false;
        }
        List<Evaluated> evaluated = Promotion.forBreeding(current);
        search.advance();
        List<io.lossforge.search.Candidate> bred = new Breeder(spec).nextGeneration(g + 1, evaluated);
        insert(search, g + 1, bred, tasks);
        log.info("search {} bred generation {} ({} candidates)", id, g + 1, bred.size());
        return true;
    }

    /**
     * Moves the best of the generation's highest rung up one rung (under the search's lock, so once); false
     * when that rung is the top or nothing there succeeded.
     */
    private boolean promote(Search search, List<Candidate> current, Fidelity fidelity, RungTasks tasks, Instant now) {
        int rung = Promotion.reached(current);
        if (rung >= fidelity.top()) {
            return false;
        }
        List<Candidate> up = Promotion.promoted(current, rung, fidelity);
        if (up.isEmpty()) {
            return false;
        }
        String fingerprint = tasks.fingerprints().get(rung + 1);
        up.forEach(c -> candidates.save(Candidates.promoted(c, rung + 1, fingerprint, now)));
        long stopped = current.stream()
                        .filter(c -> c.rung() == rung && c.outcome() == CandidateOutcome.SUCCEEDED)
                        .count()
                - up.size();
        metrics.removed(StageSavings.MULTI_FIDELITY, stopped);
        log.info(
                "search {} generation {}: {} candidates promoted to rung {}, {} stopped at rung {}",
                search.id(),
                search.generation(),
                up.size(),
                rung + 1,
                stopped,
                rung);
        return true;
    }

    private void insert(Search search, int generation, List<io.lossforge.search.Candidate> bred, RungTasks tasks) {
        Reduction reduction = Reduction.of(search.reduction());
        String entry = tasks.fingerprints().getFirst();
        Instant now = clock.instant();
        for (int i = 0; i < bred.size(); i++) {
            io.lossforge.search.Candidate b = bred.get(i);
            int[] parents = b.parents().stream().mapToInt(Integer::intValue).toArray();
            candidates.save(Candidates.bred(
                    search.id(),
                    entry,
                    generation,
                    i,
                    0,
                    b.expression(),
                    reduction,
                    b.source().name(),
                    parents,
                    now));
        }
    }
}
