package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerView;
import io.lossforge.orchestrator.OrchestratorProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The trainers and their capacity. Free slots = slots − trials leased to it; a trainer that answered 429
 * or failed is skipped until its back-off passes; a registered trainer without a recent heartbeat gets
 * no new trials.
 */
@Component
class TrainerRegistry {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final TrainerRepository trainers;
    private final TrialRepository trials;
    private final OrchestratorProperties properties;

    TrainerRegistry(TrainerRepository trainers, TrialRepository trials, OrchestratorProperties properties) {
        this.trainers = trainers;
        this.trials = trials;
        this.properties = properties;
    }

    /** Trainers from configuration (one slot each unless they register with more). */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void registerConfigured() {
        for (URI url : properties.trainers()) {
            String base = normalise(url.toString());
            if (trainers.findByUrl(base).isEmpty()) {
                trainers.save(new TrainerNode(base, 1, "STATIC"));
            }
        }
    }

    /** Registers or updates a trainer by URL; returns its id. */
    @Transactional
    public UUID register(String url, int slots) {
        String base = normalise(url);
        TrainerNode node = trainers.findByUrl(base).orElseGet(() -> new TrainerNode(base, slots, "REGISTERED"));
        node.slots = slots;
        node.lastSeen = Instant.now();
        node.failures = 0;
        node.busyUntil = null;
        return trainers.save(node).id;
    }

    @Transactional
    public boolean heartbeat(UUID id) {
        return trainers.findById(id)
                .map(node -> {
                    node.lastSeen = Instant.now();
                    return true;
                })
                .orElse(false);
    }

    /** The trainer with the most free slots that may receive a trial now. */
    @Transactional(readOnly = true)
    public Optional<TrainerNode> withFreeSlot() {
        Instant now = Instant.now();
        return trainers.findAll().stream()
                .filter(t -> eligible(t, now))
                .filter(t -> free(t) > 0)
                .max(Comparator.comparingLong(this::free));
    }

    /** Not backing off after a 429 or failure, and (if registered) heard from recently. */
    private boolean eligible(TrainerNode t, Instant now) {
        return (t.busyUntil == null || t.busyUntil.isBefore(now))
                && ("STATIC".equals(t.origin)
                        || t.lastSeen
                                .plus(properties.dispatch().trainerExpiry())
                                .isAfter(now));
    }

    /** Slots free right now on trainers that may receive trials: how many queued trials a tick can send. */
    @Transactional(readOnly = true)
    public long freeSlots() {
        Instant now = Instant.now();
        return trainers.findAll().stream()
                .filter(t -> eligible(t, now))
                .mapToLong(t -> Math.max(0, free(t)))
                .sum();
    }

    @Transactional(readOnly = true)
    public List<TrainerView> list() {
        Instant now = Instant.now();
        return trainers.findAll().stream()
                .map(t -> new TrainerView(
                        t.id,
                        t.url,
                        t.slots,
                        t.slots - free(t),
                        t.origin,
                        t.lastSeen,
                        t.busyUntil != null && t.busyUntil.isAfter(now),
                        t.failures,
                        io.lossforge.api.trainer.TrainerState.ACTIVE,
                        null,
                        null,
                        null,
                        null,
                        List.of()))
                .toList();
    }

    Optional<String> url(UUID id) {
        return id == null ? Optional.empty() : trainers.findById(id).map(t -> t.url);
    }

    @Transactional
    public void busy(UUID id, Duration wait) {
        trainers.findById(id).ifPresent(t -> t.busyUntil = Instant.now().plus(wait));
    }

    @Transactional
    public void failed(UUID id) {
        trainers.findById(id).ifPresent(t -> {
            t.failures++;
            Duration wait = Duration.ofMillis(500L << Math.min(t.failures, 6));
            t.busyUntil = Instant.now().plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
        });
    }

    @Transactional
    public void succeeded(UUID id) {
        trainers.findById(id).ifPresent(t -> {
            t.failures = 0;
            t.lastSeen = Instant.now();
        });
    }

    private long free(TrainerNode node) {
        return node.slots - trials.countByStateAndTrainerId("LEASED", node.id);
    }

    private static String normalise(String url) {
        return url.replaceAll("/+$", "");
    }
}
