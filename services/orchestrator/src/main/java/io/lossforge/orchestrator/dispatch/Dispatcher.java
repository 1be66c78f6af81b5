package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.search.Evaluations;
import io.lossforge.orchestrator.search.TrialWork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends queued trials to trainers with free slots and watches the leases. A trial is LEASED only after
 * its trainer accepted it (202); a lease past its deadline is checked with the trainer before it is
 * given up: a finished result is recorded, a running trial gets more time (bounded), anything else
 * expires and the candidate gets its next attempt.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final TrialRepository trials;
    private final TrainerRegistry registry;
    private final TrainerClient client;
    private final Evaluations evaluations;
    private final OrchestratorProperties.Dispatch settings;
    private final Environment environment;
    private final OrchestratorProperties properties;
    private final TransactionTemplate tx;
    private final Timer dispatchLatency;

    Dispatcher(
            TrialRepository trials,
            TrainerRegistry registry,
            TrainerClient client,
            Evaluations evaluations,
            OrchestratorProperties properties,
            Environment environment,
            TransactionTemplate tx,
            MeterRegistry meters) {
        this.trials = trials;
        this.registry = registry;
        this.client = client;
        this.evaluations = evaluations;
        this.settings = properties.dispatch();
        this.properties = properties;
        this.environment = environment;
        this.tx = tx;
        this.dispatchLatency = Timer.builder("lossforge.dispatch.latency")
                .description("time from a trial being queued to a trainer accepting it")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${lossforge.orchestrator.dispatch.interval:200ms}")
    void tick() {
        checkLeases();
        dispatchQueued();
    }

    private void dispatchQueued() {
        // Only as many of the oldest queued trials as there are free slots: the queue may hold thousands.
        long free = registry.freeSlots();
        if (free == 0) {
            return;
        }
        for (Trial trial : trials.findByStateOrderByCreatedAt(
                "QUEUED", org.springframework.data.domain.Limit.of((int) Math.min(free, 1000)))) {
            try {
                Optional<TrialWork> work = evaluations.work(trial.candidateId);
                if (work.isEmpty()) {
                    tx.executeWithoutResult(s -> trials.findById(trial.id)
                            .filter(t -> "QUEUED".equals(t.state))
                            .ifPresent(t -> t.close("CANCELLED")));
                    continue;
                }
                Optional<TrainerNode> trainer = registry.withFreeSlot();
                if (trainer.isEmpty()) {
                    return;
                }
                send(trial, work.get(), trainer.get());
            } catch (RuntimeException e) {
                log.warn("dispatch of trial {} failed, retried next tick: {}", trial.id, e.toString());
            }
        }
    }

    /**
     * Claims the trial (QUEUED → LEASED with a short deadline) before the request, so that a crash or a
     * lost answer after the trainer accepted cannot send it elsewhere: an unanswered lease is resolved by
     * asking that trainer ({@link #checkLeases}). Only a refused connection puts it back in the queue.
     */
    private void send(Trial trial, TrialWork work, TrainerNode trainer) {
        Instant claimed = Instant.now();
        boolean mine = Boolean.TRUE.equals(tx.execute(s -> trials.findById(trial.id)
                .filter(t -> "QUEUED".equals(t.state))
                .map(t -> {
                    t.state = "LEASED";
                    t.trainerId = trainer.id;
                    t.dispatchedAt = claimed;
                    t.leaseDeadline = claimed.plus(settings.timeout()).plus(settings.leaseSlack());
                    return true;
                })
                .orElse(false)));
        if (!mine) {
            return;
        }
        var request = new TrialRequest(
                trial.id,
                work.expression(),
                work.reduction(),
                work.task(),
                callbackBase() + "/internal/v1/trials/" + trial.id);
        TrainerClient.Start answer = client.start(trainer.url, request);
        switch (answer) {
            case TrainerClient.Start.Accepted accepted -> {
                tx.executeWithoutResult(s -> trials.findById(trial.id)
                        .filter(t -> "LEASED".equals(t.state))
                        .ifPresent(t -> t.leaseDeadline = claimed.plus(estimate(work))));
                registry.succeeded(trainer.id);
                dispatchLatency.record(Duration.between(trial.createdAt, Instant.now()));
            }
            case TrainerClient.Start.Busy busy -> {
                requeue(trial);
                registry.busy(trainer.id, busy.retryAfter());
            }
            case TrainerClient.Start.Refused refused -> {
                log.warn("trainer {} refused trial {}: {}", trainer.url, trial.id, refused.problem());
                // One transaction: a crash between closing the trial and recording the candidate would
                // leave the candidate QUEUED without any open trial, and its generation stuck.
                tx.executeWithoutResult(s -> {
                    trials.findById(trial.id).ifPresent(t -> t.close("DONE"));
                    evaluations.record(
                            trial.candidateId,
                            failure("refused by trainer " + trainer.url + ": " + refused.problem()),
                            trainer.url,
                            settings.maxAttempts());
                });
            }
            case TrainerClient.Start.Unreachable unreachable -> {
                log.info("trainer {} unreachable: {}", trainer.url, unreachable.why());
                if (!unreachable.maybeReceived()) {
                    requeue(trial);
                }
                registry.failed(trainer.id);
            }
        }
    }

    private void requeue(Trial trial) {
        tx.executeWithoutResult(s -> trials.findById(trial.id)
                .filter(t -> "LEASED".equals(t.state))
                .ifPresent(t -> {
                    t.state = "QUEUED";
                    t.trainerId = null;
                    t.dispatchedAt = null;
                    t.leaseDeadline = null;
                }));
    }

    private void checkLeases() {
        for (Trial trial : trials.findByStateAndLeaseDeadlineBefore("LEASED", Instant.now())) {
            try {
                checkLease(trial);
            } catch (RuntimeException e) {
                log.warn("lease check of trial {} failed, retried next tick: {}", trial.id, e.toString());
            }
        }
    }

    private void checkLease(Trial trial) {
        String url = registry.url(trial.trainerId).orElse(null);
        TrainerClient.Status status = url == null ? new TrainerClient.Status.Unknown() : client.status(url, trial.id);
        switch (status) {
            case TrainerClient.Status.Known known
            when known.trial().result() != null ->
                tx.executeWithoutResult(s -> {
                    evaluations.record(trial.candidateId, known.trial().result(), url, settings.maxAttempts());
                    trials.findById(trial.id).ifPresent(t -> t.close("DONE"));
                });
            case TrainerClient.Status.Known running when !overdue(trial) -> extend(trial);
            case TrainerClient.Status.Unreachable unreachable when !overdue(trial) -> extend(trial);
            default -> {
                // Unknown to the trainer, stuck, or unreachable for too long: expire and try again.
                // Expiring the trial and queueing the next attempt commit together.
                tx.executeWithoutResult(s -> {
                    trials.findById(trial.id).ifPresent(t -> t.close("EXPIRED"));
                    evaluations.retryOrFail(
                            trial.candidateId,
                            settings.maxAttempts(),
                            "lease of trial " + trial.id + " on " + url + " expired");
                });
                if (url != null && status instanceof TrainerClient.Status.Known) {
                    client.cancel(url, trial.id); // stuck: free the trainer's slot
                }
            }
        }
    }

    private void extend(Trial trial) {
        tx.executeWithoutResult(s -> trials.findById(trial.id)
                .filter(t -> "LEASED".equals(t.state))
                .ifPresent(t -> t.leaseDeadline = Instant.now().plus(settings.leaseSlack())));
    }

    /** A trial still running after four times its estimated duration is treated as stuck. */
    private boolean overdue(Trial trial) {
        return evaluations
                .work(trial.candidateId)
                .map(work -> Instant.now()
                        .isAfter(trial.dispatchedAt.plus(estimate(work).multipliedBy(4))))
                .orElse(true);
    }

    /** Lease length: the task's images at a pessimistic speed, plus slack for start-up and evaluation. */
    private Duration estimate(TrialWork work) {
        var task = work.task();
        long images = task.steps() != null
                ? (long) task.steps() * task.batchSize()
                : (long) task.epochs() * task.trainSamples();
        images += (long) task.validationSamples() * (task.steps() != null ? 1 : task.epochs());
        return Duration.ofSeconds(images / settings.minImagesPerSecond()).plus(settings.leaseSlack());
    }

    private String callbackBase() {
        if (properties.publicUrl() != null) {
            return properties.publicUrl().toString().replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
    }

    private static TrialResult failure(String message) {
        return TrialResult.failed(message, 0);
    }
}
