package io.lossforge.trainer.trial;

import io.lossforge.trainer.TrainerProperties;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * This trainer process as the orchestrator knows it: an instance id new for every process (the
 * orchestrator tells a restarted trainer from a living one by it, and accepts a report only from the
 * instance it leased the attempt to), and the internal token every call to the orchestrator carries.
 */
@Component
class TrainerInstance {

    private final UUID id = UUID.randomUUID();
    private final String token;

    TrainerInstance(TrainerProperties properties) {
        this.token = properties.security().internalToken();
    }

    UUID id() {
        return id;
    }

    /** {@code builder} with the internal token on every request (none configured: none sent, and refused). */
    RestClient.Builder authorized(RestClient.Builder builder) {
        return token == null ? builder : builder.defaultHeader("Authorization", "Bearer " + token);
    }
}
