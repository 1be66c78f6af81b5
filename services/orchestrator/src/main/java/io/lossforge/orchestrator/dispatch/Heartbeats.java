package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.AttemptState;
import io.lossforge.api.trainer.HeartbeatAck;
import io.lossforge.api.trainer.TrainerHeartbeat;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registration, heartbeats and deregistration of trainers, reconciled with the attempts the database
 * holds for them (Optuna's heartbeat-based zombie detection, with the trainer's list as the truth about
 * what runs there). A heartbeat: listed and live → progress; listed but not live (given up, superseded,
 * unknown) → cancel; live RUNNING but not listed → the trainer lost it, expired; listed FINISHED but
 * still live → its result is fetched (how results that could not be delivered, e.g. while the database
 * was away, arrive); FINISHED and recorded → acknowledged, so the trainer may forget it.
 */
@Service
class Heartbeats {

    private final TrainerRepository trainers;
    private final AttemptRepository attempts;
    private final Attempts endings;
    private final TrainerClient client;
    private final AfterCommit afterCommit;
    private final OrchestratorProperties properties;
    private final Clock clock;
    private final DatabaseRetry retry;
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();

    Heartbeats(
            TrainerRepository trainers,
            AttemptRepository attempts,
            Attempts endings,
            TrainerClient client,
            AfterCommit afterCommit,
            OrchestratorProperties properties,
            Clock clock,
            DatabaseRetry retry) {
        this.retry = retry;
        this.trainers = trainers;
        this.attempts = attempts;
        this.endings = endings;
        this.client = client;
        this.afterCommit = afterCommit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Registers a trainer by URL, or updates the one with that URL. A new instance id on a known URL
     * means the old process is gone: its live attempts are expired at once.
     */
    @Transactional
    public UUID register(String url, int slots, UUID instanceId) {
        Instant now = clock.instant();
        String base = normalise(url);
        Optional<UUID> known = trainers.findIdByUrl(base);
        if (known.isEmpty()) {
            Trainer created = trainers.save(new Trainer(base, slots, Trainer.REGISTERED, instanceId, now));
            afterCommit.signalDispatch();
            return created.id();
        }
        Trainer trainer = trainers.findForUpdate(known.get()).orElseThrow();
        if (trainer.register(slots, instanceId, now)) {
            for (Attempt a : attempts.lockLiveOn(trainer.id())) {
                endings.expire(a, AttemptEnding.TRAINER_RESTARTED, "the trainer at " + base + " restarted", false);
            }
        }
        afterCommit.signalDispatch();
        return trainer.id();
    }

    /** A heartbeat (null body: a round-1 trainer, liveness only); empty when the trainer is unknown. */
    @Transactional
    public Optional<HeartbeatAck> beat(UUID trainerId, TrainerHeartbeat beat) {
        Trainer trainer = trainers.findForUpdate(trainerId).orElse(null);
        if (trainer == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean wasLost = trainer.state() == io.lossforge.api.trainer.TrainerState.LOST;
        trainer.heard(now);
        if (wasLost) {
            afterCommit.signalDispatch();
        }
        long period = properties.liveness().heartbeat().toMillis();
        if (beat == null) {
            return Optional.of(new HeartbeatAck(List.of(), List.of(), period));
        }
        Map<UUID, Attempt> live = new HashMap<>();
        attempts.lockLiveOn(trainerId).forEach(a -> live.put(a.id(), a));
        List<String> cancel = new ArrayList<>();
        List<String> acknowledged = new ArrayList<>();
        List<UUID> fetch = new ArrayList<>();
        for (TrainerHeartbeat.Attempt listed : beat.attempts()) {
            UUID id = Attempt.id(listed.attemptId()).orElse(null);
            Attempt a = id == null ? null : live.remove(id);
            if (a != null) {
                a.progressed(listed.progress(), listed.phase(), listed.batchesDone(), listed.batchesTotal(), now);
                if (listed.state() == AttemptState.FINISHED) {
                    fetch.add(id); // finished there, not recorded here: its callback did not get through
                }
            } else if (listed.state() == AttemptState.RUNNING) {
                cancel.add(listed.attemptId()); // given up, superseded or unknown here: free the slot
            } else {
                acknowledged.add(listed.attemptId()); // recorded, or late: either way nothing is waiting for it
            }
        }
        Instant settled = now.minus(properties.liveness().heartbeat().multipliedBy(2));
        for (Attempt a : live.values()) {
            // Accepted well before this beat was taken, yet not listed: the trainer does not have it.
            if (a.state() == io.lossforge.orchestrator.dispatch.AttemptState.RUNNING
                    && a.acceptedAt() != null
                    && a.acceptedAt().isBefore(settled)) {
                endings.expire(a, AttemptEnding.LEASE_EXPIRED, "not listed by its trainer's heartbeat", false);
            }
        }
        if (!fetch.isEmpty()) {
            String url = trainer.url();
            AfterCommit.run(() -> fetch.forEach(id -> fetches.execute(() -> fetchResult(url, id))));
        }
        return Optional.of(new HeartbeatAck(cancel, acknowledged, period));
    }

    /** Graceful shutdown: the trainer is LOST at once; whatever it still held is re-queued without penalty. */
    @Transactional
    public boolean deregister(UUID trainerId) {
        Trainer trainer = trainers.findForUpdate(trainerId).orElse(null);
        if (trainer == null) {
            return false;
        }
        trainer.lose("shut down", clock.instant());
        for (Attempt a : attempts.lockLiveOn(trainerId)) {
            endings.expire(a, AttemptEnding.SHUTDOWN, "the trainer shut down", false);
        }
        return true;
    }

    /**
     * Fetches the result of an attempt its trainer lists as finished. A heartbeat often overtakes the
     * result's own callback, so this waits one heartbeat period first and asks only if the attempt is
     * still live then (the callback did not get through, e.g. the database was away).
     */
    private void fetchResult(String url, UUID attemptId) {
        try {
            Thread.sleep(properties.liveness().heartbeat().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean stillLive = retry.forever("check attempt", () -> attempts.findById(attemptId))
                .map(a -> a.state().isLive())
                .orElse(false);
        if (stillLive
                && client.status(url, attemptId.toString()) instanceof TrainerClient.Status.Known known
                && known.trial().result() != null) {
            try {
                retry.forever(
                        "record fetched result",
                        () -> endings.report(attemptId, known.trial().result()));
            } catch (ImplausibleReport e) {
                // refused, counted and logged: the attempt stays as it is
            }
        }
    }

    static String normalise(String url) {
        return url.replaceAll("/+$", "");
    }
}
