package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.HeartbeatAck;
import io.lossforge.api.trainer.TrainerHeartbeat;
import io.lossforge.api.trainer.TrainerRegistered;
import io.lossforge.api.trainer.TrainerRegistration;
import io.lossforge.api.trial.TrialProgress;
import io.lossforge.api.trial.TrialResultCallback;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import io.lossforge.orchestrator.web.Problems;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /internal/v1}, on the internal port with the internal token only (SecurityConfiguration): what
 * trainers call. A trial id in a path is an attempt id. Result reports are
 * idempotent: only the live attempt of an evaluation can finish it; a duplicate or late report is
 * acknowledged (204), stored as late, and queues nothing.
 */
@RestController
@RequestMapping("/internal/v1")
class InternalController {

    private final Heartbeats heartbeats;
    private final Attempts attempts;
    private final long heartbeatMillis;
    private final DatabaseRetry retry;

    InternalController(
            Heartbeats heartbeats, Attempts attempts, OrchestratorProperties properties, DatabaseRetry retry) {
        this.retry = retry;
        this.heartbeats = heartbeats;
        this.attempts = attempts;
        this.heartbeatMillis = properties.liveness().heartbeat().toMillis();
    }

    @PostMapping("/trainers")
    ResponseEntity<TrainerRegistered> register(@Valid @RequestBody TrainerRegistration registration) {
        UUID id = retry.briefly(
                "register trainer",
                () -> heartbeats.register(registration.url(), registration.slots(), registration.instanceId()));
        return ResponseEntity.created(URI.create("/internal/v1/trainers/" + id))
                .body(new TrainerRegistered(id, Math.max(1, heartbeatMillis / 1000), heartbeatMillis));
    }

    @PostMapping("/trainers/{id}/heartbeat")
    HeartbeatAck heartbeat(@PathVariable UUID id, @Valid @RequestBody(required = false) TrainerHeartbeat beat) {
        return retry.briefly("heartbeat", () -> heartbeats.beat(id, beat))
                .orElseThrow(() -> new Problems.NotFound("no trainer " + id + "; register again"));
    }

    @DeleteMapping("/trainers/{id}")
    ResponseEntity<Void> deregister(@PathVariable UUID id) {
        if (!retry.briefly("deregister trainer", () -> heartbeats.deregister(id))) {
            throw new Problems.NotFound("no trainer " + id);
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * An epoch finished; heartbeats carry the progress that counts, so this only checks that the attempt
     * exists and is the sender's.
     */
    @PostMapping("/trials/{id}/progress")
    ResponseEntity<Void> progress(@PathVariable String id, @Valid @RequestBody TrialProgress progress) {
        if (progress.instanceId() == null) {
            throw new Problems.InvalidInput("instanceId", "is required: the reporting trainer's instance id");
        }
        Attempt.id(id)
                .flatMap(attempt ->
                        retry.briefly("check progress", () -> attempts.leasedTo(attempt, progress.instanceId())))
                .orElseThrow(() -> new Problems.NotFound("no trial " + id));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/trials/{id}/result")
    ResponseEntity<Void> result(@PathVariable String id, @Valid @RequestBody TrialResultCallback callback) {
        if (callback.trialId() != null && !callback.trialId().equals(id)) {
            throw new Problems.InvalidInput("trialId", "is " + callback.trialId() + " but the path names " + id);
        }
        Attempt.id(id)
                .flatMap(attempt -> retry.briefly(
                        "record result", () -> attempts.reportFrom(attempt, callback.instanceId(), callback.result())))
                .orElseThrow(() -> new Problems.NotFound("no trial " + id));
        return ResponseEntity.noContent().build();
    }
}
