package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The search engine's meters (Prometheus names): searches by state ({@code lossforge_searches{state}})
 * and the best fitness of each running search ({@code lossforge_search_best_fitness{search}}). Screening
 * and evaluation counters belong to the population.
 */
@Component
class SearchMetrics {

    private final SearchRepository searches;
    private final CandidateRepository candidates;
    private final MultiGauge bestFitness;

    SearchMetrics(MeterRegistry registry, SearchRepository searches, CandidateRepository candidates) {
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

    /** Refreshes the per-search gauge (searches come and go, so the rows are replaced). */
    @Scheduled(fixedDelay = 5_000)
    void refreshBestFitness() {
        List<MultiGauge.Row<?>> rows = searches.findByStateIn(List.of(SearchState.RUNNING)).stream()
                .flatMap(search -> candidates.findBest(search.id(), search.taskFingerprint()).stream()
                        .map(best ->
                                MultiGauge.Row.of(Tags.of("search", search.id().toString()), best.fitness())))
                .<MultiGauge.Row<?>>map(row -> row)
                .toList();
        bestFitness.register(rows, true);
    }
}
