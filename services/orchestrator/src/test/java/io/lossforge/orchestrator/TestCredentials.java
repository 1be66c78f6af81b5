package io.lossforge.orchestrator;

import io.lossforge.web.security.CredentialStore;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The credentials every orchestrator test runs with (the service is closed by default): an operator and a
 * viewer API key, the internal token shared with trainers, the scrape token, and the internal channel on a
 * free port. One place, so that no test spells a key of its own.
 */
public final class TestCredentials {

    public static final String OPERATOR_KEY = "lf_test-operator-key-aaaaaaaaaaaaaaaaaaaaaaaaaa";
    public static final String VIEWER_KEY = "lf_test-viewer-key-bbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    public static final String INTERNAL_TOKEN = "test-internal-token-cccccccccccccccccccccccc";
    public static final String SCRAPE_TOKEN = "test-scrape-token-dddddddddddddddddddddddddd";

    private TestCredentials() {}

    /** The two keys, both tokens, and {@code internal-port=0}, as Spring properties of a test context. */
    public static void register(DynamicPropertyRegistry registry) {
        properties().forEach(p -> {
            int eq = p.indexOf('=');
            registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
        });
    }

    /** The same as {@code name=value} pairs (for an orchestrator started as a process: prefix {@code --}). */
    public static List<String> properties() {
        String prefix = "lossforge.orchestrator.security.";
        return List.of(
                prefix + "api-keys[0].name=test-operator",
                prefix + "api-keys[0].role=operator",
                prefix + "api-keys[0].sha256=" + CredentialStore.sha256Hex(OPERATOR_KEY),
                prefix + "api-keys[1].name=test-viewer",
                prefix + "api-keys[1].role=viewer",
                prefix + "api-keys[1].sha256=" + CredentialStore.sha256Hex(VIEWER_KEY),
                prefix + "internal-token=" + INTERNAL_TOKEN,
                prefix + "scrape-token=" + SCRAPE_TOKEN,
                prefix + "internal-port=0");
    }

    /**
     * The API keys as command-line options of an orchestrator process ({@code --name=value}): only their
     * hashes, so the command line reveals no key.
     */
    public static List<String> apiKeyArguments() {
        return properties().stream()
                .filter(p -> p.contains(".api-keys["))
                .map(p -> "--" + p)
                .toList();
    }

    /** An orchestrator process's secrets, as environment variables (Spring's relaxed binding). */
    public static Map<String, String> orchestratorEnvironment() {
        return Map.of(
                "LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_TOKEN", INTERNAL_TOKEN,
                "LOSSFORGE_ORCHESTRATOR_SECURITY_SCRAPE_TOKEN", SCRAPE_TOKEN);
    }

    /**
     * A trainer process's secrets, as environment variables: the same tokens as the trainer's tests use
     * (io.lossforge.trainer.TestCredentials), so that it and the orchestrator trust each other.
     */
    public static Map<String, String> trainerEnvironment() {
        return Map.of(
                "LOSSFORGE_TRAINER_SECURITY_INTERNAL_TOKEN", INTERNAL_TOKEN,
                "LOSSFORGE_TRAINER_SECURITY_SCRAPE_TOKEN", SCRAPE_TOKEN);
    }

    /**
     * The credential the usual caller of {@code method path} on a LossForge service presents, as an
     * {@code Authorization} value; empty for health (open). A trainer calls the orchestrator's {@code
     * /internal/**} and the orchestrator a trainer's trial API with the internal token; Prometheus reads the
     * metrics with the scrape token; a user reads and explores losses with a viewer key and starts, cancels
     * and resumes searches with an operator key. For the process tests, which call both services by URL.
     */
    public static java.util.Optional<String> authorizationFor(String method, String path) {
        if (path.startsWith("/actuator/health")) {
            return java.util.Optional.empty();
        }
        String secret;
        if (path.startsWith("/internal/") || TRAINER_API.matcher(path).lookingAt()) {
            secret = INTERNAL_TOKEN;
        } else if (path.startsWith("/actuator/")) {
            secret = SCRAPE_TOKEN;
        } else if (method.equals("GET") || path.startsWith("/api/v1/losses/")) {
            secret = VIEWER_KEY;
        } else {
            secret = OPERATOR_KEY;
        }
        return java.util.Optional.of(bearer(secret));
    }

    /** The trainer's API (its paths are not the orchestrator's). */
    private static final java.util.regex.Pattern TRAINER_API =
            java.util.regex.Pattern.compile("/api/v1/(trials|models|datasets)(/|\\?|$)");

    /** The {@code Authorization} header value of a secret. */
    public static String bearer(String secret) {
        return "Bearer " + secret;
    }
}
