package io.lossforge.trainer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lossforge.trainer.SyntheticIdxDataset;
import io.lossforge.trainer.TestCredentials;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM, as Kubernetes sends it, to a real trainer process in the middle of a trial: the trial's
 * CANCELLED(SHUTDOWN) report reaches the (fake) orchestrator, the trainer deregisters, and the process
 * exits within the shutdown phase timeout. The trainer runs from this module's classpath, a separate JVM.
 */
class GracefulShutdownProcessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(10);

    record Call(String method, String path, String authorization, String body) {}

    private static final String AUTHORIZATION = TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN);

    @Test
    void sigtermCancelsReportsDeregistersAndExitsInTime() throws Exception {
        Path dataRoot = Files.createTempDirectory("trainer-shutdown");
        SyntheticIdxDataset.write(dataRoot, "synthetic", 3_000, 500);
        List<Call> calls = new CopyOnWriteArrayList<>();
        UUID trainerId = UUID.randomUUID();
        HttpServer orchestrator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        orchestrator.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            if (path.equals("/internal/v1/trainers")) {
                byte[] answer = ("{\"id\":\"" + trainerId + "\",\"heartbeatSeconds\":1}").getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, answer.length);
                exchange.getResponseBody().write(answer);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        orchestrator.start();
        String orchestratorUrl = "http://127.0.0.1:" + orchestrator.getAddress().getPort();
        int port = freePort();
        Process trainer = start(dataRoot, port, orchestratorUrl);
        try {
            await(() -> calls.stream().anyMatch(c -> c.path().equals("/internal/v1/trainers")), Duration.ofSeconds(90));
            String trialId = UUID.randomUUID().toString();
            HttpResponse<String> submitted =
                    post("http://127.0.0.1:" + port + "/api/v1/trials", """
                    {"trialId": "%s", "expression": "ce",
                     "task": {"dataset": "synthetic", "model": "mlp", "trainSamples": 2000,
                              "validationSamples": 500, "epochs": 1000, "batchSize": 16, "seed": 5}}
                    """.formatted(trialId));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            await(() -> calls.stream().anyMatch(c -> c.path().endsWith("/progress")), Duration.ofSeconds(60));

            long signalled = System.nanoTime();
            trainer.destroy(); // SIGTERM
            boolean exited = trainer.waitFor(PHASE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);

            assertThat(exited).as("exited within the shutdown phase timeout").isTrue();
            List<Call> results = new ArrayList<>(calls.stream()
                    .filter(c -> c.path().equals("/internal/v1/trials/" + trialId + "/result"))
                    .toList());
            assertThat(results).hasSize(1);
            JsonNode result = JSON.readTree(results.getFirst().body()).get("result");
            assertThat(result.get("outcome").asString()).isEqualTo("CANCELLED");
            assertThat(result.get("cancelReason").asString()).isEqualTo("SHUTDOWN");
            Call deregistration = new Call("DELETE", "/internal/v1/trainers/" + trainerId, AUTHORIZATION, "");
            assertThat(calls).contains(deregistration);
            assertThat(calls.indexOf(deregistration))
                    .as("deregistered after the report")
                    .isGreaterThan(calls.indexOf(results.getFirst()));
            assertThat(took).isLessThan(PHASE_TIMEOUT.plusSeconds(5));
            // Registration, heartbeats, reports and the deregistration all carry the internal token.
            assertThat(calls).extracting(Call::authorization).containsOnly(AUTHORIZATION);
        } finally {
            trainer.destroyForcibly();
            orchestrator.stop(0);
        }
    }

    private static Process start(Path dataRoot, int port, String orchestratorUrl) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", ""),
                "-DENGINE_CACHE_DIR=" + System.getProperty("ENGINE_CACHE_DIR", ""),
                "-cp",
                System.getProperty("java.class.path"),
                "io.lossforge.trainer.TrainerApplication",
                "--server.port=" + port,
                "--lossforge.trainer.data-root=" + dataRoot,
                "--lossforge.trainer.orchestrator-url=" + orchestratorUrl,
                "--lossforge.trainer.heartbeat=500ms",
                "--spring.lifecycle.timeout-per-shutdown-phase=" + PHASE_TIMEOUT.toSeconds() + "s"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("trainer-shutdown", ".log").toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        // A secret goes to a process by environment, not on its command line (visible in ps).
        builder.environment().put("LOSSFORGE_TRAINER_SECURITY_INTERNAL_TOKEN", TestCredentials.INTERNAL_TOKEN);
        return builder.start();
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", AUTHORIZATION)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + limit).isLessThan(end);
            Thread.sleep(100);
        }
    }
}
