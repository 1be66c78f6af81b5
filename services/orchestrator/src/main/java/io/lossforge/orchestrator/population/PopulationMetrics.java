package io.lossforge.orchestrator.population;

import io.lossforge.loss.screen.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Population counters: {@code lossforge_candidates_screened_total{verdict,reason}}, {@code
 * lossforge_candidates_cache_hits_total}, {@code lossforge_candidates_removed_total{stage}} (candidates a
 * stage spared from training: gradient-equivalence, rejection), {@code lossforge_candidates_evaluated_total{outcome}} (outcome
 * SUCCEEDED, DIVERGED, INVALID_LOSS or UNEVALUATED).
 */
@Component
public class PopulationMetrics {

    private final MeterRegistry registry;

    PopulationMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    /** A candidate {@code stage} (gradient-equivalence, rejection) spared from training. */
    void removed(String stage) {
        removed(stage, 1);
    }

    /**
     * {@code count} candidates {@code stage} spared from (further) training: multi-fidelity counts those
     * that stopped below the top rung.
     */
    public void removed(String stage, long count) {
        registry.counter("lossforge.candidates.removed", "stage", stage).increment(count);
    }

    void evaluated(String outcome) {
        registry.counter("lossforge.candidates.evaluated", "outcome", outcome).increment();
    }
}
