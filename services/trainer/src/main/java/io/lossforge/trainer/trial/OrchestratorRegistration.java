package io.lossforge.trainer.trial;

import io.lossforge.api.trainer.HeartbeatAck;
import io.lossforge.api.trainer.TrainerHeartbeat;
import io.lossforge.api.trainer.TrainerRegistered;
import io.lossforge.api.trainer.TrainerRegistration;
import io.lossforge.trainer.TrainerProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * When {@code lossforge.trainer.orchestrator-url} is set: registers this trainer (its URL, slots and
 * instance id) and sends a heartbeat every {@code lossforge.trainer.heartbeat} (default 3 s) listing its
 * attempts with their progress; applies the answer (cancel, acknowledged); registers again when the orchestrator forgot it (404) or was down.
 * Failures are logged and retried on the next beat — the trainer works the same without an orchestrator.
 */
@Component
class OrchestratorRegistration {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorRegistration.class);

    private final TrainerProperties properties;
    private final Environment environment;
    private final RestClient client;
    private final UUID instanceId;

    private final TrialService trials;
    private volatile UUID id;
    private volatile boolean deregistered;

    OrchestratorRegistration(
            TrainerProperties properties, Environment environment, TrialService trials, TrainerInstance instance) {
        this.instanceId = instance.id();
        this.properties = properties;
        this.trials = trials;
        this.environment = environment;
        Duration timeout = properties.callback().timeout();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        factory.setReadTimeout(timeout);
        this.client = instance.authorized(RestClient.builder().requestFactory(factory))
                .build();
    }

    @Scheduled(initialDelay = 1_000, fixedDelayString = "${lossforge.trainer.heartbeat:3s}")
    void beat() {
        if (properties.orchestratorUrl() == null || deregistered) {
            return;
        }
        String base = properties.orchestratorUrl().toString().replaceAll("/+$", "");
        try {
            if (id == null) {
                TrainerRegistered registered = client.post()
                        .uri(base + "/internal/v1/trainers")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new TrainerRegistration(publicUrl(), properties.slots(), instanceId))
                        .retrieve()
                        .body(TrainerRegistered.class);
                id = registered.id();
                log.info("registered with {} as {} ({} slots)", base, id, properties.slots());
            } else {
                HeartbeatAck ack = client.post()
                        .uri(base + "/internal/v1/trainers/{id}/heartbeat", id)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new TrainerHeartbeat(
                                instanceId, properties.slots(), trials.isDraining(), trials.attempts()))
                        .retrieve()
                        .body(HeartbeatAck.class);
                // A round-1 orchestrator answers 204 without a body: an ack with nothing in it.
                trials.apply(ack == null ? HeartbeatAck.EMPTY : ack);
            }
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == 404) {
                id = null;
            }
            log.warn("orchestrator {} answered {}", base, e.getStatusCode());
        } catch (RestClientException e) {
            log.warn("orchestrator {} unreachable: {}", base, e.getMessage());
        }
    }

    /** Tells the orchestrator this trainer is gone (graceful shutdown) and stops beating. */
    void deregister() {
        deregistered = true;
        UUID registered = id;
        if (properties.orchestratorUrl() == null || registered == null) {
            return;
        }
        String base = properties.orchestratorUrl().toString().replaceAll("/+$", "");
        try {
            client.delete()
                    .uri(base + "/internal/v1/trainers/{id}", registered)
                    .retrieve()
                    .toBodilessEntity();
            log.info("deregistered {} from {}", registered, base);
        } catch (RestClientException e) {
            // A round-1 orchestrator has no DELETE: it notices the missing heartbeats instead.
            log.warn("deregistration from {} failed: {}", base, e.getMessage());
        }
    }

    private String publicUrl() {
        if (properties.publicUrl() != null) {
            return properties.publicUrl().toString().replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", "8081");
    }
}
