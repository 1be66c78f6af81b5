package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerState;
import io.lossforge.orchestrator.population.EvaluationRepository;
import io.lossforge.orchestrator.population.EvaluationStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Dispatch meters: attempts in flight ({@code lossforge_trials_in_flight}), evaluations waiting for an
 * attempt ({@code lossforge_trials_queued}), and trainer slots ({@code lossforge_trainer_slots_busy},
 * {@code lossforge_trainer_slots_capacity}: slots of ACTIVE trainers). Dispatch latency is timed by the
 * {@link Dispatcher}.
 */
@Component
class DispatchMetrics {

    DispatchMetrics(
            MeterRegistry registry,
            AttemptRepository attempts,
            EvaluationRepository evaluations,
            TrainerRegistry trainers,
            TrainerRepository trainerRows) {
        List<AttemptState> live = List.of(AttemptState.LEASED, AttemptState.RUNNING);
        Gauge.builder("lossforge.trials.in.flight", () -> attempts.countByStateIn(live))
                .description("attempts sent to trainers and not ended")
                .register(registry);
        Gauge.builder(
                        "lossforge.trials.queued",
                        () -> evaluations.countByStatusAndLiveAttemptIdIsNull(EvaluationStatus.OPEN))
                .description("evaluations waiting for a trainer")
                .register(registry);
        Gauge.builder("lossforge.trainer.slots.busy", () -> attempts.countByStateIn(live))
                .description("trainer slots holding an attempt")
                .register(registry);
        Gauge.builder("lossforge.trainer.slots.capacity", trainers::capacity)
                .description("slots of trainers that may take attempts")
                .register(registry);
        for (TrainerState state : TrainerState.values()) {
            Gauge.builder("lossforge.trainers", () -> trainerRows.countByState(state))
                    .tag("state", state.name())
                    .description("trainers known to the orchestrator, by state")
                    .register(registry);
        }
    }
}
