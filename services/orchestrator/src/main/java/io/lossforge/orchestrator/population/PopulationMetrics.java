package io.lossforge.orchestrator.population;

import io.lossforge.api.search.StageSavings;
import io.lossforge.loss.screen.RejectionReason;
import io.lossforge.loss.screen.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Population counters: {@code lossforge_candidates_screened_total{verdict,reason}}, {@code
 * lossforge_candidates_cache_hits_total}, {@code lossforge_candidates_removed_total{stage}} (candidates a
 * stage spared from training: gradient-equivalence, rejection), {@code lossforge_candidates_evaluated_total{outcome}} (outcome
 * SUCCEEDED, DIVERGED, INVALID_LOSS or UNEVALUATED).
 *
 * <p>Every series of these counters is registered at zero when the service starts: Prometheus' {@code
 * rate} and {@code increase} ignore the first sample of a series, so a counter that first appeared at 1
 * would hide the one event a dashboard panel exists to show (the first diverged loss, the first cache hit).
 * The label values are closed sets (reasons, stages, outcomes), so this adds a fixed number of series.
 */
@Component
public class PopulationMetrics {

    private final MeterRegistry registry;

    PopulationMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.counter("lossforge.candidates.screened", "verdict", "ACCEPTED", "reason", "none");
        for (RejectionReason reason : RejectionReason.values()) {
            registry.counter("lossforge.candidates.screened", "verdict", "REJECTED", "reason", reason.name());
        }
        registry.counter("lossforge.candidates.cache.hits");
        for (String stage : StageSavings.STAGES) {
            registry.counter("lossforge.candidates.removed", "stage", stage);
        }
        for (CandidateOutcome outcome : CandidateOutcome.values()) {
            registry.counter("lossforge.candidates.evaluated", "outcome", outcome.name());
        }
        registry.counter("lossforge.candidates.evaluated", "outcome", UNEVALUATED);
    }

    /** The {@code outcome} of an evaluation that ran out of attempts: it has no fitness. */
    static final String UNEVALUATED = "UNEVALUATED";

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
