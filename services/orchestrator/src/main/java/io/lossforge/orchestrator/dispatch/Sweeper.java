package io.lossforge.orchestrator.dispatch;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseAvailability;
import io.lossforge.orchestrator.database.DatabaseRetry;
import io.lossforge.orchestrator.work.SignalledLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds what died, once per heartbeat period, on every replica (each step is a guarded transition on
 * locked rows, so replicas sweeping at once do no harm — db-scheduler's dead-execution detection):
 * trainers silent for {@code lostAfter} are LOST and their attempts re-queued; attempts nobody confirmed
 * by their deadline, and running attempts whose progress stalled, are expired; STATIC trainers (which do
 * not beat) are asked about their attempts; LOST trainers gone for long are pruned.
 *
 * <p>Nothing is declared lost until this process has been able to hear heartbeats for {@code lostAfter}
 * ({@link DatabaseAvailability#hasBeenHealthyFor}): after a start, or after the database was away, every
 * trainer would look silent. Database outages are waited out ({@link DatabaseRetry#forever}).
 */
@Component
class Sweeper extends SignalledLoop<Boolean> {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final TrainerRepository trainers;
    private final AttemptRepository attempts;
    private final Attempts endings;
    private final TrainerClient client;
    private final TransactionTemplate tx;
    private final OrchestratorProperties.Liveness liveness;
    private final Clock clock;
    private final DatabaseRetry retry;
    private final DatabaseAvailability availability;

    Sweeper(
            TrainerRepository trainers,
            AttemptRepository attempts,
            Attempts endings,
            TrainerClient client,
            TransactionTemplate tx,
            OrchestratorProperties properties,
            Clock clock,
            DatabaseRetry retry,
            DatabaseAvailability availability) {
        super("liveness-sweeper", properties.liveness().heartbeat());
        this.trainers = trainers;
        this.attempts = attempts;
        this.endings = endings;
        this.client = client;
        this.tx = tx;
        this.liveness = properties.liveness();
        this.clock = clock;
        this.retry = retry;
        this.availability = availability;
    }

    @Override
    protected void pass(java.util.Set<Boolean> signalled) {
        sweep();
    }

    void sweep() {
        Instant now = clock.instant();
        if (availability.hasBeenHealthyFor(liveness.lostAfter())) {
            retry.forever("lose silent trainers", () -> tx.executeWithoutResult(s -> loseSilentTrainers(now)));
        }
        retry.forever("expire unconfirmed attempts", () -> tx.executeWithoutResult(s -> expireUnconfirmed(now)));
        retry.forever("expire stalled attempts", () -> tx.executeWithoutResult(s -> expireStalled(now)));
        pollStaticTrainers();
        retry.forever(
                "prune lost trainers",
                () -> tx.executeWithoutResult(s -> trainers.pruneLost(now.minus(liveness.pruneAfter()))));
    }

    private void loseSilentTrainers(Instant now) {
        Instant cutoff = now.minus(liveness.lostAfter());
        for (UUID silent : trainers.findSilentSince(cutoff)) {
            Trainer t = trainers.findForUpdate(silent).orElse(null);
            if (t == null || !t.silentSince(cutoff)) {
                continue; // deleted, or it beat meanwhile
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
            endings.expire(a, orMigrated(a, AttemptEnding.LEASE_EXPIRED), "not confirmed in time", true);
        }
    }

    private void expireStalled(Instant now) {
        for (Attempt a : attempts.lockStalled(now.minus(liveness.stallTimeout()))) {
            endings.expire(
                    a,
                    orMigrated(a, AttemptEnding.STALLED),
                    "no progress for " + liveness.stallTimeout().toSeconds() + " s",
                    true);
        }
    }

    /**
     * STATIC trainers do not send heartbeats: their live attempts are asked about, one GET each. An answer
     * confirms the attempt (its stall clock restarts: such a trainer's own liveness probe guards its slots).
     */
    private void pollStaticTrainers() {
        List<Attempt> polled = retry.forever("list attempts on static trainers", attempts::findLiveOnStaticTrainers);
        for (Attempt a : polled) {
            switch (client.status(a.trainerUrl(), a.id().toString())) {
                case TrainerClient.Status.Known known
                when known.trial().result() != null ->
                    recordPolled(a, known.trial().result());
                case TrainerClient.Status.Known running ->
                    retry.forever(
                            "confirm polled attempt",
                            () -> tx.executeWithoutResult(s -> attempts.findForUpdate(a.id())
                                    .filter(x -> x.state().isLive())
                                    .ifPresent(x -> x.progressed(
                                            x.progress() + 1,
                                            x.phase(),
                                            x.batchesDone(),
                                            x.batchesTotal(),
                                            clock.instant()))));
                case TrainerClient.Status.Unknown unknown ->
                    retry.forever(
                            "expire unknown attempt",
                            () -> tx.executeWithoutResult(s -> attempts.findForUpdate(a.id())
                                    .filter(x -> x.state() == AttemptState.RUNNING)
                                    .ifPresent(x -> endings.expire(
                                            x, AttemptEnding.LEASE_EXPIRED, "unknown to its trainer", false))));
                case TrainerClient.Status.Unreachable unreachable -> {
                    // the stall timeout decides
                }
            }
        }
    }

    /**
     * A lease carried over from round 1 has nobody confirming it or reporting progress: when it is given
     * up that is the upgrade's doing, not the trainer's or the loss's (MIGRATED uses no budget).
     */
    private static AttemptEnding orMigrated(Attempt a, AttemptEnding ending) {
        return a.migrated() ? AttemptEnding.MIGRATED : ending;
    }

    private void recordPolled(Attempt a, io.lossforge.api.trial.TrialResult result) {
        try {
            retry.forever("record polled result", () -> endings.report(a.id(), result));
        } catch (ImplausibleReport e) {
            // refused, counted and logged: the attempt stays as it is (its stall clock decides)
        }
    }
}
