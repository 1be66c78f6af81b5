package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerRegistered;
import io.lossforge.api.trainer.TrainerRegistration;
import io.lossforge.api.trial.TrialProgress;
import io.lossforge.api.trial.TrialResultCallback;
import io.lossforge.orchestrator.search.Evaluations;
import io.lossforge.orchestrator.search.SearchProblems;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /internal/v1}: what trainers call. Result reports are idempotent — the first final result of a
 * candidate wins, a duplicate or late one is acknowledged (204) and changes nothing.
 */
@RestController
@RequestMapping("/internal/v1")
class InternalController {

    private final TrainerRegistry registry;
    private final TrialRepository trials;
    private final Evaluations evaluations;
    private final TransactionTemplate tx;
    private final long heartbeatSeconds;
    private final int maxAttempts;

    InternalController(
            TrainerRegistry registry,
            TrialRepository trials,
            Evaluations evaluations,
            TransactionTemplate tx,
            io.lossforge.orchestrator.OrchestratorProperties properties) {
        this.registry = registry;
        this.trials = trials;
        this.evaluations = evaluations;
        this.tx = tx;
        this.heartbeatSeconds =
                Math.max(1, properties.dispatch().trainerExpiry().toSeconds() / 3);
        this.maxAttempts = properties.dispatch().maxAttempts();
    }

    @PostMapping("/trainers")
    ResponseEntity<TrainerRegistered> register(@Valid @RequestBody TrainerRegistration registration) {
        UUID id = registry.register(registration.url(), registration.slots());
        return ResponseEntity.created(URI.create("/internal/v1/trainers/" + id))
                .body(new TrainerRegistered(id, heartbeatSeconds));
    }

    @PostMapping("/trainers/{id}/heartbeat")
    ResponseEntity<Void> heartbeat(@PathVariable UUID id) {
        if (!registry.heartbeat(id)) {
            throw new SearchProblems.NotFound("no trainer " + id + "; register again");
        }
        return ResponseEntity.noContent().build();
    }

    /** An epoch finished: the trainer is alive, so its lease is extended to at least the slack. */
    @PostMapping("/trials/{id}/progress")
    ResponseEntity<Void> progress(@PathVariable String id, @RequestBody TrialProgress ignored) {
        Trial trial = trials.findById(id).orElseThrow(() -> new SearchProblems.NotFound("no trial " + id));
        tx.executeWithoutResult(s -> trials.findById(trial.id)
                .filter(t -> "LEASED".equals(t.state))
                .ifPresent(t -> {
                    Instant floor = Instant.now().plusSeconds(heartbeatSeconds * 3);
                    if (t.leaseDeadline == null || t.leaseDeadline.isBefore(floor)) {
                        t.leaseDeadline = floor;
                    }
                }));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/trials/{id}/result")
    ResponseEntity<Void> result(@PathVariable String id, @Valid @RequestBody TrialResultCallback callback) {
        if (callback.trialId() != null && !callback.trialId().equals(id)) {
            throw new SearchProblems.InvalidInput("trialId", "is " + callback.trialId() + " but the path names " + id);
        }
        Trial trial = trials.findById(id).orElseThrow(() -> new SearchProblems.NotFound("no trial " + id));
        String trainer = registry.url(trial.trainerId).orElse(null);
        tx.executeWithoutResult(s -> {
            evaluations.record(trial.candidateId, callback.result(), trainer, maxAttempts);
            trials.findById(id)
                    .filter(t -> "LEASED".equals(t.state) || "QUEUED".equals(t.state))
                    .ifPresent(t -> t.close("DONE"));
        });
        return ResponseEntity.noContent().build();
    }
}
