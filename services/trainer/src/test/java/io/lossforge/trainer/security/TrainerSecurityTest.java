package io.lossforge.trainer.security;

import static io.lossforge.trainer.TestCredentials.INTERNAL_TOKEN;
import static io.lossforge.trainer.TestCredentials.SCRAPE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.trainer.TestCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The trainer's side of the internal channel, on a real (stub-mode) trainer: every trainer operation of the
 * spec refuses any caller but the internal token (401, problem+json, {@code WWW-Authenticate}); the metrics
 * need the scrape token; and a trial reports to the configured orchestrator only, with the token and its
 * instance id — a {@code callbackUrl} smuggled into the request is never contacted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stub")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainerSecurityTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final OpenApiDocument SPEC = OpenApiDocument.load();

    /** Stands in for the orchestrator's internal port: registers the trainer, takes every report. */
    private static final Recorder ORCHESTRATOR = new Recorder(true);
    /** Where a forged request would like the trainer to post. */
    private static final Recorder ELSEWHERE = new Recorder(false);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String root = Files.createTempDirectory("trainer-security").toString();
        registry.add("lossforge.trainer.data-root", () -> root);
        registry.add("lossforge.trainer.stub.delay", () -> "100ms");
        registry.add("lossforge.trainer.stub.steps", () -> "2");
        registry.add("lossforge.trainer.orchestrator-url", ORCHESTRATOR::url);
        TestCredentials.register(registry);
    }

    @AfterAll
    static void stop() {
        ORCHESTRATOR.close();
        ELSEWHERE.close();
    }

    @LocalServerPort
    int port;

    enum Caller {
        NONE(null, null, 401),
        WRONG("Authorization", "Bearer not-the-internal-token-00000000000000", 401),
        BASIC("Authorization", "Basic aW50ZXJuYWw6c2VjcmV0", 401),
        SCRAPER("Authorization", "Bearer " + SCRAPE_TOKEN, 403),
        INTERNAL("Authorization", "Bearer " + INTERNAL_TOKEN, 0),
        INTERNAL_HEADER("X-API-Key", INTERNAL_TOKEN, 0);

        final String header;
        final String value;
        final int expected;

        Caller(String header, String value, int expected) {
            this.header = header;
            this.value = value;
            this.expected = expected;
        }
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (OpenApiDocument.Operation operation : SPEC.operations("trainer")) {
            assertThat(operation.definition().get("x-lossforge-role"))
                    .as(operation.key())
                    .isEqualTo("internal");
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(operation.key(), operation, caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("matrix")
    void onlyTheInternalTokenReachesTheTrainerApi(String key, OpenApiDocument.Operation operation, Caller caller)
            throws Exception {
        String path = operation.path().replace("{trialId}", "no-such-trial");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (caller.header != null) {
            request.header(caller.header, caller.value);
        }
        boolean body = operation.definition().containsKey("requestBody");
        request.method(
                operation.method().toUpperCase(java.util.Locale.ROOT),
                body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String where = key + " as " + caller + ": " + response.body();
        if (caller.expected == 0) {
            assertThat(response.statusCode()).as(where).isNotIn(401, 403);
        } else {
            assertThat(response.statusCode()).as(where).isEqualTo(caller.expected);
            assertThat(response.body())
                    .contains(
                            caller.expected == 401
                                    ? "urn:lossforge:problem:unauthorized"
                                    : "urn:lossforge:problem:forbidden");
            if (caller.expected == 401) {
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(SPEC.responseCode(operation, 401))
                        .as(key + " documents 401")
                        .isEqualTo("401");
            }
        }
        assertThat(SPEC.responseCode(operation, response.statusCode()))
                .as("documented status of " + where)
                .isNotNull();
    }

    @Test
    void healthIsOpenAndMetricsNeedTheScrapeToken() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", INTERNAL_TOKEN).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/metrics", SCRAPE_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", SCRAPE_TOKEN).body()).contains("lossforge_trainer");
    }

    @Test
    void aTrialReportsToTheConfiguredOrchestratorOnlyWithTheTokenAndItsInstance() throws Exception {
        String body = """
                {"trialId": "smuggled", "expression": "ce", "callbackUrl": "%s/internal/v1/trials/smuggled",
                 "task": {"dataset": "any", "model": "mlp", "trainSamples": 80, "validationSamples": 20,
                          "epochs": 1, "batchSize": 4, "seed": 5}}
                """.formatted(ELSEWHERE.url());
        HttpResponse<String> submitted = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/trials"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + INTERNAL_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // The result (a 0.1 s stub trial) may come before the first registration beat (1 s after start).
        while (ORCHESTRATOR.received().stream().noneMatch(r -> r.path().equals("/internal/v1/trials/smuggled/result"))
                || ORCHESTRATOR.received().stream().noneMatch(r -> r.path().equals("/internal/v1/trainers"))) {
            assertThat(System.nanoTime())
                    .as("no result report or no registration reached the orchestrator")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        Recorder.Received result = ORCHESTRATOR.received().stream()
                .filter(r -> r.path().equals("/internal/v1/trials/smuggled/result"))
                .findFirst()
                .orElseThrow();
        assertThat(result.authorization()).isEqualTo("Bearer " + INTERNAL_TOKEN);
        String registration = ORCHESTRATOR.received().stream()
                .filter(r -> r.path().equals("/internal/v1/trainers"))
                .findFirst()
                .orElseThrow()
                .body();
        String instance = registration.replaceAll(".*\"instanceId\":\"([0-9a-f-]{36})\".*", "$1");
        assertThat(result.body()).contains("\"instanceId\":\"" + instance + "\"");
        assertThat(ORCHESTRATOR.received())
                .as("every call to the orchestrator carries the token")
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + INTERNAL_TOKEN));
        assertThat(ELSEWHERE.received()).as("the smuggled callback URL").isEmpty();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A tiny HTTP server that records what it is sent; as an orchestrator it answers registration and beats. */
    static final class Recorder implements AutoCloseable {

        record Received(String method, String path, String authorization, String body) {}

        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();

        Recorder(boolean orchestrator) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                received.add(new Received(
                        exchange.getRequestMethod(),
                        path,
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                byte[] answer = new byte[0];
                int status = 204;
                if (orchestrator && path.equals("/internal/v1/trainers")) {
                    status = 201;
                    answer =
                            "{\"id\":\"5b0f7c4e-3a43-4b7c-9d43-6f1c2b9a0e11\",\"heartbeatSeconds\":3,\"heartbeatMillis\":3000}"
                                    .getBytes(StandardCharsets.UTF_8);
                } else if (orchestrator && path.endsWith("/heartbeat")) {
                    status = 200;
                    answer = "{}".getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
