package io.lossforge.orchestrator.dispatch;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.search.Evaluations;
import io.lossforge.orchestrator.search.TrialReport;
import io.lossforge.orchestrator.search.TrialWork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    Dispatcher(TrialRepository trials, TrainerRegistry registry, TrainerClient client, Evaluations evaluations,
            OrchestratorProperties properties, Environment environment, TransactionTemplate tx, MeterRegistry meters) {
        this.trials = trials;
        this.registry = registry;
        this.client = client;
        this.evaluations = evaluations;
        this.settings = properties.dispatch();
        this.properties = properties;
        this.environment = environment;
        this.tx = tx;
        this.dispatchLatency = Timer.builder("lossforge.dispatch.latency")
                .description("time from a trial being queued to a trainer accepting it").register(meters);
    }

    @Scheduled(fixedDelayString = "${lossforge.orchestrator.dispatch.interval:200ms}")
    void tick() {
        checkLeases();
        dispatchQueued();
    }

    private void dispatchQueued() {
        for (Trial trial : trials.findByStateOrderByCreatedAt("QUEUED")) {
            Optional<TrialWork> work = evaluations.work(trial.candidateId);
            if (work.isEmpty()) {
                tx.executeWithoutResult(s -> trials.findById(trial.id).ifPresent(t -> t.close("CANCELLED")));
                continue;
            }
            Optional<TrainerNode> trainer = registry.withFreeSlot();
            if (trainer.isEmpty()) {
                return;
            }
            send(trial, work.get(), trainer.get());
        }
    }

    private void send(Trial trial, TrialWork work, TrainerNode trainer) {
        var request = new TrainerClient.TrialStart(trial.id, work.expression(), work.reduction(), work.task(),
                callbackBase() + "/internal/v1/trials/" + trial.id);
        TrainerClient.Start answer = client.start(trainer.url, request);
        switch (answer) {
            case TrainerClient.Start.Accepted accepted -> {
                Instant now = Instant.now();
                tx.executeWithoutResult(s -> trials.findById(trial.id).ifPresent(t -> {
                    t.state = "LEASED";
                    t.trainerId = trainer.id;
                    t.dispatchedAt = now;
                    t.leaseDeadline = now.plus(estimate(work));
                }));
                registry.succeeded(trainer.id);
                dispatchLatency.record(Duration.between(trial.createdAt, now));
            }
            case TrainerClient.Start.Busy busy -> registry.busy(trainer.id, busy.retryAfter());
            case TrainerClient.Start.Refused refused -> {
                log.warn("trainer {} refused trial {}: {}", trainer.url, trial.id, refused.problem());
                tx.executeWithoutResult(s -> trials.findById(trial.id).ifPresent(t -> t.close("DONE")));
                evaluations.record(trial.candidateId, failure("refused by trainer " + trainer.url + ": "
                        + refused.problem()), trainer.url);
            }
            case TrainerClient.Start.Unreachable unreachable -> {
                log.info("trainer {} unreachable: {}", trainer.url, unreachable.why());
                registry.failed(trainer.id);
            }
        }
    }

    private void checkLeases() {
        for (Trial trial : trials.findByStateAndLeaseDeadlineBefore("LEASED", Instant.now())) {
            String url = registry.url(trial.trainerId).orElse(null);
            var known = url == null ? Optional.<TrainerClient.TrainerTrial>empty() : client.status(url, trial.id);
            if (known.isPresent() && known.get().result() != null) {
                evaluations.record(trial.candidateId, known.get().result(), url);
                tx.executeWithoutResult(s -> trials.findById(trial.id).ifPresent(t -> t.close("DONE")));
            } else if (known.isPresent() && "RUNNING".equals(known.get().state()) && !overdue(trial)) {
                tx.executeWithoutResult(s -> trials.findById(trial.id)
                        .ifPresent(t -> t.leaseDeadline = Instant.now().plus(settings.leaseSlack())));
            } else {
                tx.executeWithoutResult(s -> trials.findById(trial.id).ifPresent(t -> t.close("EXPIRED")));
                evaluations.retryOrFail(trial.candidateId, settings.maxAttempts(), "lease of trial " + trial.id
                        + " on " + url + " expired");
            }
        }
    }

    /** A trial still running after four times its estimated duration is treated as stuck. */
    private boolean overdue(Trial trial) {
        return evaluations.work(trial.candidateId)
                .map(work -> Instant.now().isAfter(trial.dispatchedAt.plus(estimate(work).multipliedBy(4))))
                .orElse(true);
    }

    /** Lease length: the task's images at a pessimistic speed, plus slack for start-up and evaluation. */
    private Duration estimate(TrialWork work) {
        var task = work.task();
        long images = task.steps() != null ? (long) task.steps() * task.batchSize()
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

    private static TrialReport failure(String message) {
        return new TrialReport("FAILED", null, null, null, null, List.of(), null, null, message);
    }
}
