package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.api.search.SearchView;
import io.lossforge.api.search.StageSavings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The search engine's meters (Prometheus names): searches by state ({@code lossforge_searches{state}});
 * per <em>running</em> search: the best fitness so far ({@code lossforge_search_best_fitness{search}}),
 * the generation being bred or trained ({@code lossforge_search_generation{search}}), the best and
 * median fitness of its last finished generation ({@code
 * lossforge_search_generation_fitness{search,statistic}}) and the trainer-seconds each stage saved ({@code
 * lossforge_search_trainer_seconds_saved{search,stage}}, as the search view reports them).
 *
 * <p>Only running searches carry a {@code search} label, and a search's rows are dropped when it ends
 * (Prometheus marks them stale), so the number of series follows the searches running at once, not the
 * searches of a year. Screening and evaluation counters belong to the population.
 */
@Component
class SearchMetrics {

    private final SearchRepository searches;
    private final GenerationStatsRepository generations;
    private final SearchViews views;
    private final MultiGauge bestFitness;
    private final MultiGauge generation;
    private final MultiGauge generationFitness;
    private final MultiGauge secondsSaved;

    SearchMetrics(
            MeterRegistry registry,
            SearchRepository searches,
            GenerationStatsRepository generations,
            SearchViews views) {
        this.searches = searches;
        this.generations = generations;
        this.views = views;
        for (SearchState state : SearchState.values()) {
            Gauge.builder("lossforge.searches", () -> searches.countByState(state))
                    .tag("state", state.name())
                    .description("search jobs by state")
                    .register(registry);
        }
        this.bestFitness = MultiGauge.builder("lossforge.search.best.fitness")
                .description("best validation accuracy so far of each running search")
                .register(registry);
        this.generation = MultiGauge.builder("lossforge.search.generation")
                .description("the generation each running search is breeding or training (0-based)")
                .register(registry);
        this.generationFitness = MultiGauge.builder("lossforge.search.generation.fitness")
                .description("best and median validation accuracy of each running search's last finished generation")
                .register(registry);
        this.secondsSaved = MultiGauge.builder("lossforge.search.trainer.seconds.saved")
                .description("trainer-seconds each stage spared each running search (estimated where marked so)")
                .register(registry);
    }

    /** Refreshes the per-search gauges (searches come and go, so the rows are replaced). */
    @Scheduled(fixedDelay = 5_000)
    void refresh() {
        List<MultiGauge.Row<?>> best = new ArrayList<>();
        List<MultiGauge.Row<?>> current = new ArrayList<>();
        List<MultiGauge.Row<?>> fitness = new ArrayList<>();
        List<MultiGauge.Row<?>> saved = new ArrayList<>();
        for (Search search : searches.findByStateIn(List.of(SearchState.RUNNING))) {
            Tags tags = Tags.of("search", search.id().toString());
            // The view already holds the best candidate and the stages' savings: one read of each.
            SearchView view = views.of(search);
            if (view.best() != null) {
                best.add(MultiGauge.Row.of(tags, view.best().fitness()));
            }
            current.add(MultiGauge.Row.of(tags, view.generation()));
            generations.findFirstBySearchIdOrderByGenerationDesc(search.id()).ifPresent(g -> {
                if (g.bestFitness != null) {
                    fitness.add(MultiGauge.Row.of(tags.and("statistic", "best"), g.bestFitness));
                    fitness.add(MultiGauge.Row.of(tags.and("statistic", "median"), g.medianFitness));
                }
            });
            for (StageSavings stage : view.stages()) {
                if (stage.enabled()) {
                    saved.add(MultiGauge.Row.of(tags.and("stage", stage.stage()), stage.trainerSecondsSaved()));
                }
            }
        }
        bestFitness.register(best, true);
        generation.register(current, true);
        generationFitness.register(fitness, true);
        secondsSaved.register(saved, true);
    }
}
