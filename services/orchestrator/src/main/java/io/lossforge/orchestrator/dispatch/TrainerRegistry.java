package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerState;
import io.lossforge.api.trainer.TrainerView;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.search.TrainerAvailability;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The trainers as the API, the metrics and the search engine see them. */
@Component
class TrainerRegistry implements TrainerAvailability {

    private static final Logger log = LoggerFactory.getLogger(TrainerRegistry.class);

    private final TrainerRepository trainers;
    private final AttemptRepository attempts;
    private final OrchestratorProperties properties;
    private final Clock clock;
    private final TransactionTemplate tx;

    TrainerRegistry(
            TrainerRepository trainers,
            AttemptRepository attempts,
            OrchestratorProperties properties,
            Clock clock,
            TransactionTemplate tx) {
        this.trainers = trainers;
        this.attempts = attempts;
        this.properties = properties;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Trainers from configuration (one slot each unless they register with more), each in its own
     * transaction. A configured trainer may register itself at the same moment (it knows this orchestrator's
     * internal URL and retries): then the insert loses on the unique URL, and the trainer's own row is the
     * outcome wanted — not a failed start-up (SearchEndToEndIT saw the orchestrator exit on it).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void registerConfigured() {
        for (URI url : properties.trainers()) {
            String base = Heartbeats.normalise(url.toString());
            try {
                tx.executeWithoutResult(status -> {
                    if (trainers.findIdByUrl(base).isEmpty()) {
                        trainers.saveAndFlush(new Trainer(base, 1, Trainer.STATIC, null, clock.instant()));
                    }
                });
            } catch (DataIntegrityViolationException registeredMeanwhile) {
                log.info("configured trainer {} registered itself meanwhile", base);
            }
        }
    }

    @Transactional(readOnly = true)
    public List<TrainerView> list() {
        Instant now = clock.instant();
        Map<UUID, List<Attempt>> live = attempts.findLive().stream()
                .filter(a -> a.trainerId() != null)
                .collect(Collectors.groupingBy(Attempt::trainerId));
        return trainers.findAll().stream()
                .sorted(Comparator.comparing(Trainer::url))
                .map(t -> view(t, live.getOrDefault(t.id(), List.of()), now))
                .toList();
    }

    private static TrainerView view(Trainer t, List<Attempt> live, Instant now) {
        return new TrainerView(
                t.id(),
                t.url(),
                t.slots(),
                live.size(),
                t.origin(),
                t.lastHeartbeat(),
                t.backingOff(now),
                t.consecutiveFailures(),
                t.state(),
                t.stateReason(),
                t.stateSince(),
                t.quarantinedUntil(),
                t.instanceId(),
                live.stream()
                        .map(a -> new TrainerView.AttemptView(
                                a.id(),
                                a.evaluationId(),
                                a.number(),
                                a.state().name(),
                                a.phase(),
                                a.progress(),
                                a.batchesDone(),
                                a.batchesTotal(),
                                a.claimedAt(),
                                a.lastProgressAt()))
                        .toList());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> whyNoneAvailable() {
        List<Trainer> all = trainers.findAll();
        Instant now = clock.instant();
        if (all.stream()
                .anyMatch(t -> t.state() == TrainerState.ACTIVE
                        || (t.state() == TrainerState.QUARANTINED
                                && !t.quarantinedUntil().isAfter(now)))) {
            return Optional.empty();
        }
        if (all.isEmpty()) {
            return Optional.of("no trainer is registered");
        }
        Map<TrainerState, Long> byState = all.stream()
                .collect(Collectors.groupingBy(Trainer::state, java.util.TreeMap::new, Collectors.counting()));
        return Optional.of("no trainer can take trials: "
                + byState.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }

    /** Slots of trainers that may take attempts (ACTIVE ones). */
    long capacity() {
        return trainers.findAll().stream()
                .filter(t -> t.state() == TrainerState.ACTIVE)
                .mapToLong(Trainer::slots)
                .sum();
    }
}
