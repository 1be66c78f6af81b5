package io.lossforge.orchestrator.dispatch;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds attempt endings to the trainer's circuit breaker ({@link Trainer#succeeded}, {@link
 * Trainer#failed}) after the ending committed, in a transaction of its own. Why not in the same one: the
 * ending holds the attempt's row lock, and heartbeats lock the trainer before its attempts; taking the
 * trainer here would invert that order and deadlock with a concurrent heartbeat. The breaker is advisory
 * (it decides where the next attempts go), so a moment's delay changes nothing that matters.
 */
@Component
class TrainerBreaker {

    private static final Logger log = LoggerFactory.getLogger(TrainerBreaker.class);

    private final TrainerRepository trainers;
    private final TransactionTemplate tx;
    private final DatabaseRetry retry;
    private final OrchestratorProperties.Quarantine policy;
    private final Clock clock;
    private final ExecutorService updates = Executors.newVirtualThreadPerTaskExecutor();

    TrainerBreaker(
            TrainerRepository trainers,
            TransactionTemplate tx,
            DatabaseRetry retry,
            OrchestratorProperties properties,
            Clock clock) {
        this.trainers = trainers;
        this.tx = tx;
        this.retry = retry;
        this.policy = properties.quarantine();
        this.clock = clock;
    }

    /**
     * An attempt on the trainer produced a result. Most results change nothing (no failures counted, no
     * quarantine), and then the trainer's row is neither locked nor written: it would be the one hot row
     * every result of the trainer queues on (the benchmark measured exactly that).
     */
    void credit(UUID trainerId) {
        if (trainerId == null) {
            return;
        }
        AfterCommit.run(() -> updates.execute(() -> {
            if (retry.forever("read trainer breaker", () -> trainers.breakerOpenOrCounting(trainerId))) {
                update(trainerId, t -> t.succeeded(clock.instant()));
            }
        }));
    }

    /** An attempt on the trainer failed in a way that blames it (see {@link AttemptEnding#blamesTrainer}). */
    void blame(UUID trainerId, long evaluationId, String why) {
        if (trainerId == null) {
            return;
        }
        AfterCommit.run(() -> updates.execute(() -> update(trainerId, t -> {
            if (t.failed(evaluationId, why, policy, clock.instant())) {
                log.warn("trainer {} quarantined until {}: {}", t.url(), t.quarantinedUntil(), t.stateReason());
            }
        })));
    }

    private void update(UUID trainerId, java.util.function.Consumer<Trainer> change) {
        retry.forever(
                "update trainer breaker",
                () -> tx.executeWithoutResult(
                        s -> trainers.findForUpdate(trainerId).ifPresent(change)));
    }
}
