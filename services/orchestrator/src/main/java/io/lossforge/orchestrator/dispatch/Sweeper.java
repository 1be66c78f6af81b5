package io.lossforge.orchestrator.dispatch;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.TransientDatabaseErrors;
import io.lossforge.orchestrator.work.SignalledLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds what died, once per heartbeat period, on every replica (each step is a guarded transition on
 * locked rows, so replicas sweeping at once do no harm — db-scheduler's dead-execution detection):
 * trainers silent for {@code lostAfter} are LOST and their attempts re-queued; attempts nobody confirmed
 * by their deadline, and running attempts whose progress stalled, are expired; STATIC trainers (which do
 * not beat) are asked about their attempts; LOST trainers gone for long are pruned.
 *
 * <p>Nothing is declared lost until this process has been able to hear heartbeats for {@code lostAfter}:
 * after a start, or after the database was away, every trainer would look silent.
 */
@Component
class Sweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final TrainerRepository trainers;
    private final AttemptRepository attempts;
    private final Attempts endings;
    private final TrainerClient client;
    private final TransactionTemplate tx;
    private final OrchestratorProperties.Liveness liveness;
    private final Clock clock;
    private final SignalledLoop<Boolean> loop;
    private volatile Instant hearingSince;

    Sweeper(
            TrainerRepository trainers,
            AttemptRepository attempts,
            Attempts endings,
            TrainerClient client,
            TransactionTemplate tx,
            OrchestratorProperties properties,
            Clock clock) {
        this.trainers = trainers;
        this.attempts = attempts;
        this.endings = endings;
        this.client = client;
        this.tx = tx;
        this.liveness = properties.liveness();
        this.clock = clock;
        this.loop = new SignalledLoop<>("liveness-sweeper", liveness.heartbeat(), keys -> sweep());
    }

    void sweep() {
        try {
            Instant now = clock.instant();
            if (hearingSince == null) {
                hearingSince = now;
            }
            if (Duration.between(hearingSince, now).compareTo(liveness.lostAfter()) >= 0) {
                tx.executeWithoutResult(s -> loseSilentTrainers(now));
            }
            tx.executeWithoutResult(s -> expireUnconfirmed(now));
            tx.executeWithoutResult(s -> expireStalled(now));
            pollStaticTrainers();
            tx.executeWithoutResult(s -> trainers.pruneLost(now.minus(liveness.pruneAfter())));
        } catch (RuntimeException e) {
            if (TransientDatabaseErrors.isTransient(e)) {
                hearingSince = null; // heartbeats could not be recorded meanwhile: listen again first
            }
            throw e;
        }
    }

    private void loseSilentTrainers(Instant now) {
        Instant cutoff = now.minus(liveness.lostAfter());
        for (UUID silent : trainers.findSilentSince(cutoff)) {
            Trainer t = trainers.findForUpdate(silent).orElse(null);
            if (t == null) {
                continue;
            }
            if (!t.silentSince(cutoff)) {
                continue; // beat meanwhile
            }
            String why = "no heartbeat for "
                    + Duration.between(t.lastHeartbeat(), now).toSeconds() + " s";
            t.lose(why, now);
            log.warn("trainer {} LOST: {}", t.url(), why);
            for (Attempt a : attempts.lockLiveOn(t.id())) {
                endings.expire(a, AttemptEnding.TRAINER_LOST, why, false);
            }
        }
    }

    private void expireUnconfirmed(Instant now) {
        for (Attempt a : attempts.lockUnconfirmed(now)) {
            boolean migrated = "round-1".equals(a.claimedBy());
            endings.expire(
                    a,
                    migrated ? AttemptEnding.MIGRATED : AttemptEnding.LEASE_EXPIRED,
                    migrated ? "a round-1 lease no trainer confirmed after the upgrade" : "not confirmed in time",
                    true);
        }
    }

    private void expireStalled(Instant now) {
        for (Attempt a : attempts.lockStalled(now.minus(liveness.stallTimeout()))) {
            endings.expire(
                    a,
                    AttemptEnding.STALLED,
                    "no progress for " + liveness.stallTimeout().toSeconds() + " s",
                    true);
        }
    }

    /** STATIC trainers do not send heartbeats: their live attempts are asked about, one GET each. */
    private void pollStaticTrainers() {
        List<Attempt> polled = attempts.findLive().stream()
                .filter(a -> a.trainerId() != null && a.claimedBy() != null && isStatic(a))
                .toList();
        for (Attempt a : polled) {
            switch (client.status(a.trainerUrl(), a.id().toString())) {
                case TrainerClient.Status.Known known
                when known.trial().result() != null ->
                    endings.report(a.id(), known.trial().result());
                case TrainerClient.Status.Known running ->
                    tx.executeWithoutResult(s -> attempts.findForUpdate(a.id())
                            .filter(x -> x.state().isLive())
                            .ifPresent(x -> x.progressed(
                                    x.progress() + 1, x.phase(), x.batchesDone(), x.batchesTotal(), clock.instant())));
                case TrainerClient.Status.Unknown unknown ->
                    tx.executeWithoutResult(s -> attempts.findForUpdate(a.id())
                            .filter(x -> x.state() == AttemptState.RUNNING)
                            .ifPresent(x ->
                                    endings.expire(x, AttemptEnding.LEASE_EXPIRED, "unknown to its trainer", false)));
                case TrainerClient.Status.Unreachable unreachable -> {
                    // the stall timeout decides
                }
            }
        }
    }

    private boolean isStatic(Attempt a) {
        return trainers.findById(a.trainerId())
                .map(t -> Trainer.STATIC.equals(t.origin()))
                .orElse(false);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
