package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Dispatch meters: trials in flight ({@code lossforge_trials_in_flight}), queued
 * ({@code lossforge_trials_queued}), and trainer slots ({@code lossforge_trainer_slots_busy},
 * {@code lossforge_trainer_slots_capacity}; not "_total", which Prometheus reserves for counters).
 * Dispatch latency is timed by the {@link Dispatcher}.
 */
@Component
class DispatchMetrics {

    DispatchMetrics(MeterRegistry registry, TrialRepository trials, TrainerRegistry trainers) {
        Gauge.builder("lossforge.trials.in.flight", () -> trials.countByState("LEASED"))
                .description("trials leased to trainers")
                .register(registry);
        Gauge.builder("lossforge.trials.queued", () -> trials.countByState("QUEUED"))
                .description("trials waiting for a trainer")
                .register(registry);
        Gauge.builder(
                        "lossforge.trainer.slots.busy",
                        () -> trainers.list().stream()
                                .mapToLong(TrainerView::busy)
                                .sum())
                .description("trainer slots holding a trial")
                .register(registry);
        Gauge.builder(
                        "lossforge.trainer.slots.capacity",
                        () -> trainers.list().stream()
                                .mapToLong(TrainerView::slots)
                                .sum())
                .description("trainer slots known")
                .register(registry);
    }
}
