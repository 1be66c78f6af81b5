package io.lossforge.orchestrator;

import io.lossforge.web.security.CredentialStore;
import java.util.List;
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

    /** The {@code Authorization} header value of a secret. */
    public static String bearer(String secret) {
        return "Bearer " + secret;
    }
}
