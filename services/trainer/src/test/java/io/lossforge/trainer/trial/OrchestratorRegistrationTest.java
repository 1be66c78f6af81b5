package io.lossforge.trainer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lossforge.trainer.SyntheticIdxDataset;
import io.lossforge.trainer.TestCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    /** The {@code Authorization} header of every call, in order. */
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private static final AtomicBoolean FORGET = new AtomicBoolean();
    /** The heartbeat answer; null = 204 without a body, as a round-1 orchestrator answers. */
    private static final AtomicReference<String> ACK = new AtomicReference<>();

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
                AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                CALLS.add(path + " " + body);
                String ack = ACK.get();
                if (path.endsWith("/heartbeat") && FORGET.getAndSet(false)) {
                    exchange.sendResponseHeaders(404, -1);
                } else if (path.endsWith("/heartbeat") && ack == null) {
                    exchange.sendResponseHeaders(204, -1);
                } else if (path.endsWith("/heartbeat")) {
                    byte[] answer = ack.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, answer.length);
                    exchange.getResponseBody().write(answer);
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
        TestCredentials.register(registry);
    }

    @AfterAll
    static void stop() {
        ORCHESTRATOR.stop(0);
    }

    @LocalServerPort
    int port;

    @Test
    void registersBeatsAndRegistersAgainWhenForgotten() throws InterruptedException {
        awaitCalls(c -> c.contains("/heartbeat {"), 2);
        assertThat(CALLS.getFirst())
                .startsWith("/internal/v1/trainers {")
                .contains("\"url\":\"http://127.0.0.1:" + port + "\"")
                .contains("\"slots\":2")
                .containsPattern("\"instanceId\":\"[0-9a-f-]{36}\"");
        assertThat(CALLS.stream().filter(c -> c.contains("/heartbeat")))
                .allMatch(c -> c.startsWith("/internal/v1/trainers/5e1d2c3b-4a59-4687-b6c5-d4e3f2a1b0c9/heartbeat"));
        // The orchestrator's internal channel admits only the internal token: every call carries it.
        assertThat(AUTHORIZATIONS).containsOnly(TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN));

        long registrations = CALLS.stream()
                .filter(c -> c.startsWith("/internal/v1/trainers {"))
                .count();
        FORGET.set(true);
        awaitCalls(c -> c.startsWith("/internal/v1/trainers {"), (int) registrations + 1);
    }

    /**
     * Heartbeats list a running attempt with growing progress; the ack's cancel list stops it, the
     * finished attempt stays listed (and readable) until the ack acknowledges it, then it is forgotten.
     */
    @Test
    void heartbeatsListAttemptsAndTheAckCancelsAndAcknowledges() throws Exception {
        String id = "hb-" + java.util.UUID.randomUUID();
        HttpResponse<String> submitted = send("POST", "/api/v1/trials", """
                {"trialId": "%s", "expression": "ce",
                 "task": {"dataset": "synthetic", "model": "mlp", "trainSamples": 80, "validationSamples": 20,
                          "epochs": 1000, "batchSize": 4, "seed": 5}}
                """.formatted(id));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String running = "\"attemptId\":\"" + id + "\",\"state\":\"RUNNING\",\"phase\":\"";
        awaitCalls(c -> c.contains(running + "TRAINING\"") || c.contains(running + "EVALUATING\""), 2);
        List<Long> progress = CALLS.stream()
                .filter(c -> c.contains(running))
                .map(c -> progressOf(c, id))
                .toList();
        assertThat(progress).isSorted();
        assertThat(progress.getLast()).isGreaterThan(progress.getFirst());

        ACK.set("{\"cancel\": [\"" + id + "\"], \"acknowledged\": [], \"heartbeatMillis\": null}");
        String finished = "\"attemptId\":\"" + id + "\",\"state\":\"FINISHED\"";
        awaitCalls(c -> c.contains(finished), 2);
        assertThat(send("GET", "/api/v1/trials/" + id, null).body())
                .contains("\"outcome\":\"CANCELLED\"")
                .contains("\"cancelReason\":\"REQUESTED\"");

        ACK.set("{\"cancel\": [], \"acknowledged\": [\"" + id + "\"], \"heartbeatMillis\": null}");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (send("GET", "/api/v1/trials/" + id, null).statusCode() != 404) {
            assertThat(System.nanoTime()).as("acknowledged trial forgotten").isLessThan(deadline);
            Thread.sleep(20);
        }
        ACK.set(null);
    }

    private static long progressOf(String call, String id) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "\"attemptId\":\"" + id + "\"[^}]*\"progress\":(\\d+)")
                .matcher(call);
        assertThat(m.find()).as(call).isTrue();
        return Long.parseLong(m.group(1));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN))
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitCalls(java.util.function.Predicate<String> kind, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (CALLS.stream().filter(kind).count() < count) {
            assertThat(System.nanoTime()).as("calls so far: %s", CALLS).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
