package io.lossforge.orchestrator.ui;

import io.lossforge.orchestrator.ServiceProcess;
import io.lossforge.orchestrator.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real trainer and a real orchestrator, started from their jars as SearchEndToEndIT starts them (real
 * Fashion-MNIST, the test credentials, secrets by environment), and the few REST calls the web view's test
 * needs to give them something to show. The calls use API keys; the browser never sees one of these.
 */
final class RealStack implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final ServiceProcess trainer;
    final ServiceProcess orchestrator;

    private RealStack(ServiceProcess trainer, ServiceProcess orchestrator) {
        this.trainer = trainer;
        this.orchestrator = orchestrator;
    }

    static RealStack start() throws Exception {
        Path dataRoot =
                Path.of(System.getProperty("lossforge.data", System.getProperty("user.home") + "/.lossforge/data"));
        int internalPort = ServiceProcess.freePort();
        ServiceProcess trainer = ServiceProcess.trainer(
                "trainer",
                Path.of(System.getProperty("lossforge.trainer.jar")),
                ServiceProcess.freePort(),
                List.of("-Xmx768m"),
                List.of(
                        "--lossforge.trainer.data-root=" + dataRoot,
                        "--lossforge.trainer.orchestrator-url=http://127.0.0.1:" + internalPort));
        ServiceProcess orchestrator = ServiceProcess.orchestrator(
                "orchestrator",
                Path.of(System.getProperty("lossforge.orchestrator.jar")),
                ServiceProcess.freePort(),
                internalPort,
                List.of(),
                List.of(
                        "--lossforge.orchestrator.home=" + Files.createTempDirectory("web-view"),
                        "--lossforge.orchestrator.trainers=" + trainer.url(),
                        "--lossforge.orchestrator.dispatch.interval=100ms"));
        RealStack stack = new RealStack(trainer, orchestrator);
        try {
            trainer.awaitHealthy(Duration.ofSeconds(90));
            orchestrator.awaitHealthy(Duration.ofSeconds(90));
            // Only once the trainer registered does the orchestrator accept its reports (SearchEndToEndIT).
            stack.await(
                    "/api/v1/trainers",
                    trainers -> trainers.valueStream().anyMatch(t -> t.hasNonNull("instanceId")),
                    Duration.ofSeconds(60));
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** POSTs {@code body} with the operator key; returns the created resource's id. */
    String create(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(orchestrator.url() + path))
                        .header("Authorization", TestCredentials.bearer(TestCredentials.OPERATOR_KEY))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new AssertionError("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("id").asString();
    }

    /** GETs {@code path} with the viewer key, as text. */
    String text(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(orchestrator.url() + path))
                        .header("Authorization", TestCredentials.bearer(TestCredentials.VIEWER_KEY))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    JsonNode json(String path) throws Exception {
        return JSON.readTree(text(path));
    }

    JsonNode await(String path, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = json(path);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("timed out waiting on " + path + "; last: " + last + "\ntrainer log:\n"
                + trainer.tail() + "\norchestrator log:\n" + orchestrator.tail());
    }

    /**
     * Waits for a trial the trainer is running, then freezes the trainer (SIGSTOP) so that the trial stays
     * in flight until {@link #thawTrainer()}: a trial of the small search lasts about a second, less than a
     * page's refresh period, so without the pause whether a page catches one would be luck.
     *
     * @return the trial's attempt as {@code GET /api/v1/trainers} lists it
     */
    JsonNode freezeTrainerDuringATrial(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Optional<JsonNode> running = json("/api/v1/trainers")
                    .valueStream()
                    .flatMap(t -> t.path("attempts").valueStream())
                    .filter(a -> a.path("state").asString().equals("RUNNING"))
                    .findFirst();
            if (running.isPresent()) {
                trainer.signal("STOP");
                // The trial seen may have ended between the read and the signal, and the next one been sent
                // (LEASED: the frozen trainer cannot confirm it): what the trainer holds is read again now.
                Thread.sleep(300);
                java.util.Optional<JsonNode> held = json("/api/v1/trainers")
                        .valueStream()
                        .flatMap(t -> t.path("attempts").valueStream())
                        .filter(a -> List.of("RUNNING", "LEASED")
                                .contains(a.path("state").asString()))
                        .findFirst();
                if (held.isPresent()) {
                    return held.get();
                }
                trainer.signal("CONT");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no trial ran within " + timeout + "\ntrainer log:\n" + trainer.tail());
    }

    void thawTrainer() throws Exception {
        trainer.signal("CONT");
    }

    @Override
    public void close() throws Exception {
        try {
            orchestrator.close();
        } finally {
            trainer.close();
        }
    }
}
