package io.lossforge.trainer;

import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The credentials every trainer test runs with (the trial API is closed by default): the internal token it
 * shares with the orchestrator and the scrape token. The same values as the orchestrator's tests use, so a
 * trainer and an orchestrator started by tests trust each other.
 */
public final class TestCredentials {

    public static final String INTERNAL_TOKEN = "test-internal-token-cccccccccccccccccccccccc";
    public static final String SCRAPE_TOKEN = "test-scrape-token-dddddddddddddddddddddddddd";

    private TestCredentials() {}

    public static void register(DynamicPropertyRegistry registry) {
        properties().forEach(p -> {
            int eq = p.indexOf('=');
            registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
        });
    }

    /** As {@code name=value} pairs (for a trainer started as a process: prefix {@code --}). */
    public static List<String> properties() {
        return List.of(
                "lossforge.trainer.security.internal-token=" + INTERNAL_TOKEN,
                "lossforge.trainer.security.scrape-token=" + SCRAPE_TOKEN);
    }

    public static String bearer(String secret) {
        return "Bearer " + secret;
    }
}
