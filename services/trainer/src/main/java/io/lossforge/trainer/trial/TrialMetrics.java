package io.lossforge.trainer.trial;

import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;

/**
 * The trainer's meters (Prometheus names in brackets): trials by outcome
 * [{@code lossforge_trainer_trials_total{outcome}}], training throughput
 * [{@code lossforge_trainer_throughput_images_per_second}], epoch duration
 * [{@code lossforge_trainer_epoch_duration_seconds}], slots busy and total
 * [{@code lossforge_trainer_slots_busy}, {@code lossforge.trainer.slots.capacity}].
 */
@Component
class TrialMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary throughput;
    private final Timer epochDuration;

    TrialMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.throughput = DistributionSummary.builder("lossforge.trainer.throughput")
                .baseUnit("images.per.second")
                .description("training images per second, per epoch")
                .register(registry);
        this.epochDuration = Timer.builder("lossforge.trainer.epoch.duration")
                .description("wall time of one training epoch including validation")
                .register(registry);
        // Every outcome's series from the start, at zero: rate() ignores a series' first sample, so a counter
        // born at 1 would hide a trainer's first diverged trial.
        for (TrialOutcome outcome : TrialOutcome.values()) {
            registry.counter("lossforge.trainer.trials", "outcome", outcome.name());
        }
    }

    void slots(int total, IntSupplier busy) {
        Gauge.builder("lossforge.trainer.slots.capacity", () -> total)
                .description("training slots")
                .register(registry);
        Gauge.builder("lossforge.trainer.slots.busy", busy::getAsInt)
                .description("slots training a trial")
                .register(registry);
    }

    void epoch(EpochReport report) {
        throughput.record(report.imagesPerSecond());
        epochDuration.record(Duration.ofNanos((long) (report.seconds() * 1e9)));
    }

    void finished(TrialResult result) {
        registry.counter("lossforge.trainer.trials", "outcome", result.outcome().name())
                .increment();
    }
}
