package io.lossforge.trainer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lossforge.trainer.SyntheticIdxDataset;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The trainer registers with an orchestrator and keeps beating; a forgotten trainer (404) registers
 * again. A real HTTP endpoint on loopback records what the orchestrator would receive.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrchestratorRegistrationTest {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean FORGET = new AtomicBoolean();
    private static final HttpServer ORCHESTRATOR;
    private static final Path DATA_ROOT;

    static {
        try {
            DATA_ROOT = Files.createTempDirectory("trainer-registration");
            SyntheticIdxDataset.write(DATA_ROOT, "synthetic", 100, 20);
            ORCHESTRATOR = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ORCHESTRATOR.createContext("/internal/v1/trainers", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String path = exchange.getRequestURI().getPath();
                CALLS.add(path + " " + body);
                if (path.endsWith("/heartbeat")) {
                    exchange.sendResponseHeaders(FORGET.getAndSet(false) ? 404 : 204, -1);
                } else {
                    byte[] answer = "{\"id\": \"5e1d2c3b-4a59-4687-b6c5-d4e3f2a1b0c9\", \"heartbeatSeconds\": 1}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(201, answer.length);
                    exchange.getResponseBody().write(answer);
                }
                exchange.close();
            });
            ORCHESTRATOR.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lossforge.trainer.data-root", DATA_ROOT::toString);
        registry.add("lossforge.trainer.slots", () -> "2");
        registry.add("lossforge.trainer.heartbeat", () -> "100ms");
        registry.add(
                "lossforge.trainer.orchestrator-url",
                () -> "http://127.0.0.1:" + ORCHESTRATOR.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        ORCHESTRATOR.stop(0);
    }

    @LocalServerPort
    int port;

    @Test
    void registersBeatsAndRegistersAgainWhenForgotten() throws InterruptedException {
        awaitCalls(c -> c.endsWith("/heartbeat "), 2);
        assertThat(CALLS.getFirst())
                .startsWith("/internal/v1/trainers {")
                .contains("\"url\":\"http://127.0.0.1:" + port + "\"")
                .contains("\"slots\":2");
        assertThat(CALLS.stream().filter(c -> c.contains("/heartbeat")))
                .allMatch(c -> c.startsWith("/internal/v1/trainers/5e1d2c3b-4a59-4687-b6c5-d4e3f2a1b0c9/heartbeat"));

        long registrations = CALLS.stream()
                .filter(c -> c.startsWith("/internal/v1/trainers {"))
                .count();
        FORGET.set(true);
        awaitCalls(c -> c.startsWith("/internal/v1/trainers {"), (int) registrations + 1);
    }

    private static void awaitCalls(java.util.function.Predicate<String> kind, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (CALLS.stream().filter(kind).count() < count) {
            assertThat(System.nanoTime()).as("calls so far: %s", CALLS).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
