package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.loss.screen.Verdict;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The search engine's meters (Prometheus names): searches by state
 * ({@code lossforge_searches{state}}), screening verdicts ({@code lossforge_candidates_screened_total{verdict}}),
 * cache hits ({@code lossforge_candidates_cache_hits_total}), training outcomes
 * ({@code lossforge_candidates_evaluated_total{outcome}}) and the best fitness of each running search
 * ({@code lossforge_search_best_fitness{search}}).
 */
@Component
class SearchMetrics {

    private final MeterRegistry registry;
    private final SearchRepository searches;
    private final CandidateRepository candidates;
    private final MultiGauge bestFitness;

    SearchMetrics(MeterRegistry registry, SearchRepository searches, CandidateRepository candidates) {
        this.registry = registry;
        this.searches = searches;
        this.candidates = candidates;
        for (SearchState state : SearchState.values()) {
            Gauge.builder("lossforge.searches", () -> searches.countByState(state))
                    .tag("state", state.name())
                    .description("search jobs by state")
                    .register(registry);
        }
        this.bestFitness = MultiGauge.builder("lossforge.search.best.fitness")
                .description("best validation accuracy so far of each running search")
                .register(registry);
    }

    void verdict(Verdict verdict) {
        registry.counter(
                        "lossforge.candidates.screened",
                        "verdict",
                        verdict.isAccepted() ? "ACCEPTED" : "REJECTED",
                        "reason",
                        verdict.isAccepted() ? "none" : verdict.reason().name())
                .increment();
    }

    void cacheHit() {
        registry.counter("lossforge.candidates.cache.hits").increment();
    }

    void evaluated(String outcome) {
        registry.counter("lossforge.candidates.evaluated", "outcome", outcome).increment();
    }

    /** Refreshes the per-search gauge (searches come and go, so the rows are replaced). */
    @Scheduled(fixedDelay = 5_000)
    void refreshBestFitness() {
        List<MultiGauge.Row<?>> rows = searches.findByStateIn(List.of(SearchState.RUNNING)).stream()
                .flatMap(job -> candidates.findBest(job.id).stream()
                        .map(best -> MultiGauge.Row.of(Tags.of("search", job.id.toString()), best.fitness)))
                .<MultiGauge.Row<?>>map(row -> row)
                .toList();
        bestFitness.register(rows, true);
    }
}
