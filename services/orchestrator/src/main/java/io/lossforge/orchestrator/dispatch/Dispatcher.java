package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import io.lossforge.orchestrator.population.Evaluation;
import io.lossforge.orchestrator.population.EvaluationRepository;
import io.lossforge.task.TaskSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims ready evaluations for trainers with free slots and sends them. The claim is one transaction
 * (trainers locked with SKIP LOCKED, then evaluations locked with SKIP LOCKED, then the attempts
 * inserted), so two replicas never claim the same slot or the same evaluation. The request goes out after
 * the commit, behind a fence ({@code sent_at} is set only while the attempt is still LEASED), and the
 * answer decides the attempt: accepted, or given up without using the failure budget (busy, refused
 * connection, shutting down, task refused) or using it (5xx). An answer that may or may not have arrived
 * leaves the attempt LEASED: the trainer's next heartbeat (or the confirmation deadline) decides.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration REFUSAL = Duration.ofMinutes(10);

    /** A claimed attempt to send. */
    record Claim(
            UUID attemptId,
            UUID trainerId,
            String trainerUrl,
            TrialRequest request,
            Instant readyAt,
            Instant claimedAt) {}

    /** A send starting this long after its claim first checks that the attempt was not given up meanwhile. */
    private static final Duration PROMPT = Duration.ofSeconds(1);

    private final TrainerRepository trainers;
    private final AttemptRepository attempts;
    private final EvaluationRepository evaluations;
    private final Attempts endings;
    private final TrainerClient client;
    private final TransactionTemplate tx;
    private final OrchestratorProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final String replica;
    private final Timer dispatchLatency;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final DatabaseRetry retry;

    Dispatcher(
            TrainerRepository trainers,
            AttemptRepository attempts,
            EvaluationRepository evaluations,
            Attempts endings,
            TrainerClient client,
            TransactionTemplate tx,
            OrchestratorProperties properties,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            DatabaseRetry retry) {
        this.retry = retry;
        this.trainers = trainers;
        this.attempts = attempts;
        this.evaluations = evaluations;
        this.endings = endings;
        this.client = client;
        this.tx = tx;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.replica = properties.dispatch().replicaId() != null
                ? properties.dispatch().replicaId()
                : ManagementFactory.getRuntimeMXBean().getName();
        this.inFlight = new Semaphore(properties.dispatch().sendThreads());
        this.dispatchLatency = Timer.builder("lossforge.dispatch.latency")
                .description("time from an evaluation being ready to a trainer accepting its attempt")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Claims and sends until no free slot or no ready work is left; returns how many were sent. */
    int dispatch() {
        int sent = 0;
        while (true) {
            List<Claim> claims = tx.execute(s -> claim());
            if (claims == null || claims.isEmpty()) {
                return sent;
            }
            for (Claim claim : claims) {
                inFlight.acquireUninterruptibly();
                senders.execute(() -> {
                    try {
                        send(claim);
                    } catch (RuntimeException e) {
                        // The attempt stays as it is; the heartbeat or the confirmation deadline decides.
                        log.warn("sending attempt {} failed: {}", claim.attemptId(), e.toString());
                    } finally {
                        inFlight.release();
                    }
                });
            }
            sent += claims.size();
        }
    }

    private List<Claim> claim() {
        Instant now = clock.instant();
        List<Trainer> candidates = trainers.lockDispatchable();
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<UUID, Long> live = new HashMap<>();
        for (Object[] row :
                attempts.countLive(candidates.stream().map(Trainer::id).toList())) {
            live.put((UUID) row[0], ((Number) row[1]).longValue());
        }
        List<Claim> claims = new ArrayList<>();
        candidates.sort(Comparator.comparingLong((Trainer t) -> t.capacity(live.getOrDefault(t.id(), 0L), now))
                .reversed());
        for (Trainer trainer : candidates) {
            int free = trainer.capacity(live.getOrDefault(trainer.id(), 0L), now);
            if (free == 0) {
                continue;
            }
            for (Evaluation e : evaluations.claimable(trainer.id(), now, free, AttemptEnding.BLAMING_TRAINER)) {
                UUID id = UUID.randomUUID();
                int number = e.started(id);
                trainer.probeClaimed(properties.quarantine(), now);
                attempts.save(Attempt.lease(
                        id,
                        e.id(),
                        number,
                        trainer,
                        replica,
                        now,
                        now.plus(properties.liveness().acceptTimeout())));
                claims.add(new Claim(id, trainer.id(), trainer.url(), request(id, e), e.readyAt(), now));
            }
        }
        return claims;
    }

    private TrialRequest request(UUID attemptId, Evaluation e) {
        return new TrialRequest(
                attemptId.toString(), e.expression(), e.reduction(), json.readValue(e.task(), TaskSpec.class));
    }

    private void send(Claim claim) {
        // The fence (db-scheduler's pick): a send that did not follow its claim at once (a long pause of this
        // replica) goes out only if the attempt is still LEASED — another replica may have given it up. A
        // prompt send needs no extra commit: nothing gives a LEASED attempt up before its accept deadline
        // except its trainer being lost, and then the trainer's heartbeat cancels what it got.
        if (Duration.between(claim.claimedAt(), clock.instant()).compareTo(PROMPT) > 0
                && !retry.forever("fence attempt", () -> attempts.isLeased(claim.attemptId()))) {
            log.info("attempt {} was given up before it was sent; not sending", claim.attemptId());
            return;
        }
        TrainerClient.Start answer = client.start(claim.trainerUrl(), claim.request());
        if (answer instanceof TrainerClient.Start.Refused refused && refused.invalidLoss()) {
            // The loss itself is at fault: a candidate outcome, recorded like a trainer's report of it.
            TrialResult invalid = TrialResult.failed(
                    io.lossforge.api.trial.FailureKind.INVALID_LOSS,
                    "refused by trainer " + claim.trainerUrl() + ": " + refused.problem(),
                    List.of(),
                    0);
            retry.forever("record refused loss", () -> endings.report(claim.attemptId(), invalid));
            return;
        }
        if (answer instanceof TrainerClient.Start.Unreachable u && u.maybeReceived()) {
            log.info(
                    "attempt {}: no answer from {} ({}); its heartbeat decides",
                    claim.attemptId(),
                    claim.trainerUrl(),
                    u.why());
            return;
        }
        // The trainer's answer is recorded even if the database is away right now: retried until it is back.
        // Lock order trainer → attempt, as everywhere; an acceptance needs no trainer lock at all (busy
        // sends on one trainer must not serialize on its row, which claims skip while it is held).
        boolean accepted = answer instanceof TrainerClient.Start.Accepted;
        retry.forever(
                "record start answer",
                () -> tx.executeWithoutResult(s -> {
                    Trainer trainer = accepted
                            ? null
                            : trainers.findForUpdate(claim.trainerId()).orElse(null);
                    attempts.findForUpdate(claim.attemptId())
                            .filter(a -> a.state() == AttemptState.LEASED)
                            .ifPresent(a -> settle(a, trainer, claim, answer));
                }));
    }

    private void settle(Attempt attempt, Trainer trainer, Claim claim, TrainerClient.Start answer) {
        Instant now = clock.instant();
        switch (answer) {
            case TrainerClient.Start.Accepted accepted -> {
                attempt.accepted(now);
                dispatchLatency.record(Duration.between(claim.readyAt(), now));
            }
            case TrainerClient.Start.Busy busy -> {
                endings.expire(attempt, AttemptEnding.BUSY, "429 from the trainer", false);
                if (trainer != null) {
                    trainer.backOff(now.plus(busy.retryAfter()));
                }
            }
            case TrainerClient.Start.Refused refused -> {
                endings.expire(attempt, AttemptEnding.TASK_REFUSED, refused.problem(), false);
                if (trainer != null) {
                    trainers.refuse(
                            trainer.id(), claim.request().task().fingerprint(), now.plus(REFUSAL), refused.problem());
                }
            }
            case TrainerClient.Start.Draining draining -> {
                endings.expire(attempt, AttemptEnding.SHUTDOWN, "the trainer is shutting down", false);
                if (trainer != null) {
                    trainer.lose("shutting down", now);
                }
            }
            case TrainerClient.Start.ServerError error ->
                endings.expire(attempt, AttemptEnding.SERVER_ERROR, error.why(), false);
            case TrainerClient.Start.Unreachable unreachable -> {
                endings.expire(attempt, AttemptEnding.UNREACHABLE, unreachable.why(), false);
                if (trainer != null) {
                    trainer.backOff(now.plus(properties.liveness().heartbeat()));
                }
            }
        }
    }
}
