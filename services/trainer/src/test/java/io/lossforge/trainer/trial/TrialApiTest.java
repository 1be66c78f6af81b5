package io.lossforge.trainer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.trainer.SyntheticIdxDataset;
import io.lossforge.trainer.TestCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trainer's REST API over real HTTP, with real training on a generated IDX dataset in a temporary
 * data root and a real HTTP endpoint, configured as the trainer's orchestrator, receiving the reports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrialApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path DATA_ROOT;
    private static final CallbackRecorder CALLBACKS;

    static {
        try {
            DATA_ROOT = Files.createTempDirectory("trainer-api");
            SyntheticIdxDataset.write(DATA_ROOT, "synthetic", 3_000, 500);
            CALLBACKS = new CallbackRecorder();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lossforge.trainer.data-root", DATA_ROOT::toString);
        registry.add("lossforge.trainer.slots", () -> "1");
        registry.add("lossforge.trainer.callback.initial-backoff", () -> "50ms");
        registry.add("lossforge.trainer.callback.max-attempts", () -> "5");
        // Room for the 10 kB path of longInputIsNeverEchoedBackWhole (Tomcat's default is 8 kB).
        registry.add("server.max-http-request-header-size", () -> "32KB");
        // Reports go to the configured orchestrator only (no request names a callback URL): the recorder.
        registry.add("lossforge.trainer.orchestrator-url", CALLBACKS::url);
        TestCredentials.register(registry);
    }

    @AfterAll
    static void stop() {
        CALLBACKS.close();
    }

    @LocalServerPort
    int port;

    private static String trial(String id, String expression, int epochs) {
        return """
                {"trialId": "%s", "expression": "%s",
                 "task": {"dataset": "synthetic", "model": "mlp", "trainSamples": 2000, "validationSamples": 500,
                          "epochs": %d, "batchSize": 64, "seed": 5, "evaluateTest": true}}
                """.formatted(id, expression, epochs);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, TestCredentials.INTERNAL_TOKEN);
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestCredentials.bearer(token))
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitTrial(String id, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode trial =
                    JSON.readTree(send("GET", "/api/v1/trials/" + id, null).body());
            if (done.test(trial)) {
                return trial;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("trial " + id + " did not reach the expected state in 60 s");
    }

    @Test
    void trainsReportsProgressAndDeliversTheResultDespiteCallbackFailures() throws Exception {
        CALLBACKS.failNextResults("t-ok", 2);
        HttpResponse<String> accepted = send("POST", "/api/v1/trials", trial("t-ok", "ngl", 2));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/trials/t-ok");

        JsonNode trial =
                awaitTrial("t-ok", t -> t.path("callback").path("delivered").asBoolean());
        assertThat(trial.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(trial.path("result").path("validationAccuracy").asDouble()).isGreaterThan(0.9);
        assertThat(trial.path("result").path("testAccuracy").asDouble()).isGreaterThan(0.9);
        assertThat(trial.path("result").path("epochs")).hasSize(2);
        assertThat(trial.path("reduction").asString()).isEqualTo("mean");
        assertThat(trial.path("callback").path("attempts").asInt()).isEqualTo(3);
        assertThat(trial.path("callback").path("url").asString()).isEqualTo(CALLBACKS.trialUrl("t-ok"));

        List<CallbackRecorder.Call> progress = CALLBACKS.calls("/internal/v1/trials/t-ok/progress");
        assertThat(progress).hasSize(2);
        JsonNode delivered = JSON.readTree(
                CALLBACKS.calls("/internal/v1/trials/t-ok/result").getLast().body());
        assertThat(delivered.path("trialId").asString()).isEqualTo("t-ok");
        assertThat(delivered.path("result").path("outcome").asString()).isEqualTo("SUCCEEDED");
        // Every report carries the internal token and this process's instance id, the one it registered with
        // (the orchestrator accepts a report only from the instance the attempt was leased to).
        String instanceId = delivered.path("instanceId").asString();
        assertThat(instanceId).matches("[0-9a-f-]{36}");
        assertThat(progress)
                .allSatisfy(call -> assertThat(
                                JSON.readTree(call.body()).path("instanceId").asString())
                        .isEqualTo(instanceId));
        assertThat(CALLBACKS.calls("/internal/v1/trials/t-ok/result"))
                .hasSize(3)
                .allSatisfy(call -> assertThat(
                                JSON.readTree(call.body()).path("instanceId").asString())
                        .isEqualTo(instanceId));
        assertThat(CALLBACKS.calls("/internal/v1/trials/t-ok/progress").stream()
                        .map(CallbackRecorder.Call::authorization))
                .containsOnly(TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN));
        assertThat(CALLBACKS.calls("/internal/v1/trials/t-ok/result").stream()
                        .map(CallbackRecorder.Call::authorization))
                .containsOnly(TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (CALLBACKS.calls("/internal/v1/trainers").isEmpty()) {
            assertThat(System.nanoTime()).as("registered with the orchestrator").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(JSON.readTree(CALLBACKS
                                .calls("/internal/v1/trainers")
                                .getFirst()
                                .body())
                        .path("instanceId")
                        .asString())
                .isEqualTo(instanceId);

        // Re-posting the same trial is idempotent; the same id with another request is a conflict.
        assertThat(send("POST", "/api/v1/trials", trial("t-ok", "ngl", 2)).statusCode())
                .isEqualTo(202);
        assertThat(CALLBACKS.calls("/internal/v1/trials/t-ok/result")).hasSize(3);
        HttpResponse<String> conflict = send("POST", "/api/v1/trials", trial("t-ok", "ce", 2));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(conflict.body()).path("type").asString())
                .isEqualTo("urn:lossforge:problem:trial-conflict");

        String metrics = send("GET", "/actuator/prometheus", null, TestCredentials.SCRAPE_TOKEN)
                .body();
        assertThat(metrics)
                .contains("lossforge_trainer_trials_total{application=\"lossforge-trainer\",outcome=\"SUCCEEDED\"}")
                .contains("lossforge_trainer_slots_capacity{")
                .contains("lossforge_trainer_slots_busy")
                .contains("lossforge_trainer_epoch_duration_seconds_count")
                .contains("lossforge_trainer_throughput_images_per_second_count");
    }

    @Test
    void aDivergentLossEndsDiverged() throws Exception {
        assertThat(send("POST", "/api/v1/trials", trial("t-div", "exp(1000 * p) * y", 3))
                        .statusCode())
                .isEqualTo(202);
        JsonNode trial = awaitTrial("t-div", t -> !t.path("state").asString().equals("RUNNING"));
        assertThat(trial.path("state").asString()).isEqualTo("DIVERGED");
        assertThat(trial.path("result").path("message").asString()).contains("batch 1");
    }

    @Test
    void busySlotsAnswer429AndCancellationStopsATrial() throws Exception {
        assertThat(send("POST", "/api/v1/trials", trial("t-long", "ce", 1000)).statusCode())
                .isEqualTo(202);
        HttpResponse<String> busy = send("POST", "/api/v1/trials", trial("t-later", "ce", 1));
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(busy.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(send("DELETE", "/api/v1/trials/t-long", null).statusCode()).isEqualTo(202);
        JsonNode trial = awaitTrial("t-long", t -> !t.path("state").asString().equals("RUNNING"));
        assertThat(trial.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(send("DELETE", "/api/v1/trials/t-long", null).statusCode()).isEqualTo(409);
        assertThat(send("GET", "/api/v1/trials/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidRequestsAreProblemsNamingTheirFields() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/trials", """
                {"trialId": "bad", "expression": "exp(p", "reduction": "sum",
                 "task": {"dataset": "nowhere", "model": "vgg", "trainSamples": 0}}
                """);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:lossforge:problem:invalid-request");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()))
                .containsExactly("expression", "task.trainSamples", "task.model", "task.dataset");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("position 5");

        HttpResponse<String> missing =
                send("POST", "/api/v1/trials", "{\"expression\": \"ce\", \"reduction\": \"max\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body())
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .containsExactlyInAnyOrder("trialId", "reduction", "task");

        assertThat(send("POST", "/api/v1/trials", "{not json").statusCode()).isEqualTo(400);
    }

    private static final String FIRST_TASK = """
            {"dataset": "synthetic", "model": "mlp", "trainSamples": 400, "validationSamples": 100,
             "epochs": 2, "batchSize": 32, "seed": 5, "evaluateTest": true}""";
    private static final String SECOND_TASK = """
            {"dataset": "synthetic", "model": "cnn-small", "trainSamples": 300, "validationSamples": 100,
             "epochs": 1, "batchSize": 32, "seed": 6, "evaluateTest": true, "classGroups": [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]}""";

    private JsonNode trainedTo(String id, String task) throws Exception {
        HttpResponse<String> accepted = send("POST", "/api/v1/trials", """
                {"trialId": "%s", "expression": "ngl", "task": %s}""".formatted(id, task));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode trial = awaitTrial(id, t -> !t.path("state").asString().equals("RUNNING"));
        assertThat(trial.path("state").asString()).as(trial.toString()).isEqualTo("SUCCEEDED");
        return trial.path("result");
    }

    /**
     * A multi-task trial trains each task as a trial of that task alone would (training is deterministic per
     * task) and pools them: validation accuracy over both tasks' images, their bits in task order, means of
     * the rest, the epochs one after the other, the first task's initial weights.
     */
    @Test
    void aMultiTaskTrialIsTheTasksTrainedOneAfterTheOtherAndPooled() throws Exception {
        JsonNode first = trainedTo("t-first", FIRST_TASK);
        JsonNode second = trainedTo("t-second", SECOND_TASK);
        JsonNode both = trainedTo(
                "t-both",
                FIRST_TASK.substring(0, FIRST_TASK.lastIndexOf('}')) + ", \"fitnessTasks\": [" + SECOND_TASK + "]}");
        assertThat(both.path("validationImages").asInt()).isEqualTo(200);
        assertThat(both.path("validationAccuracy").asDouble())
                .isCloseTo(
                        (first.path("validationAccuracy").asDouble()
                                        + second.path("validationAccuracy").asDouble())
                                / 2,
                        org.assertj.core.data.Offset.offset(1e-9));
        assertThat(both.path("testAccuracy").asDouble())
                .isCloseTo(
                        (first.path("testAccuracy").asDouble()
                                        + second.path("testAccuracy").asDouble())
                                / 2,
                        org.assertj.core.data.Offset.offset(1e-9));
        io.lossforge.api.trial.CorrectnessBits pooled = io.lossforge.api.trial.CorrectnessBits.fromBase64(
                both.path("validationCorrect").asString(), 200);
        io.lossforge.api.trial.CorrectnessBits a = io.lossforge.api.trial.CorrectnessBits.fromBase64(
                first.path("validationCorrect").asString(), 100);
        io.lossforge.api.trial.CorrectnessBits b = io.lossforge.api.trial.CorrectnessBits.fromBase64(
                second.path("validationCorrect").asString(), 100);
        for (int i = 0; i < 100; i++) {
            assertThat(pooled.get(i)).as("image %d of the first task", i).isEqualTo(a.get(i));
            assertThat(pooled.get(100 + i)).as("image %d of the second task", i).isEqualTo(b.get(i));
        }
        assertThat(both.path("epochs").size()).isEqualTo(3);
        assertThat(both.path("initialWeightsChecksum").asString())
                .isEqualTo(first.path("initialWeightsChecksum").asString());
        assertThat(both.path("message").asString()).startsWith("multi-task: synthetic/mlp ");

        HttpResponse<String> unknown =
                send("POST", "/api/v1/trials", """
                {"trialId": "t-bad", "expression": "ngl", "task": %s}""".formatted(FIRST_TASK.substring(0, FIRST_TASK.lastIndexOf('}'))
                        + ", \"fitnessTasks\": [{\"dataset\": \"nope\", \"model\": \"mlp\"}]}"));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body())
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("task.fitnessTasks[0].dataset");
    }

    private static String derivedTrial(String id, String classGroups) {
        return """
                {"trialId": "%s", "expression": "ce",
                 "task": {"dataset": "synthetic", "model": "mlp", "trainSamples": 400, "validationSamples": 100,
                          "epochs": 1, "batchSize": 32, "seed": 5, "classGroups": %s, "samplesPerClass": 60}}
                """.formatted(id, classGroups);
    }

    @Test
    void aDerivedTaskIsReadTrainedAndRefusedLikeAnyOther() throws Exception {
        HttpResponse<String> accepted = send("POST", "/api/v1/trials", derivedTrial("t-derived", "[[0, 1], [2]]"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode trial =
                awaitTrial("t-derived", t -> !t.path("state").asString().equals("RUNNING"));
        assertThat(trial.path("state").asString()).as(trial.toString()).isEqualTo("SUCCEEDED");
        assertThat(trial.path("task").path("classGroups").toString()).isEqualTo("[[0,1],[2]]");
        assertThat(trial.path("task").path("samplesPerClass").asInt()).isEqualTo(60);
        assertThat(trial.path("result").path("validationImages").asInt()).isEqualTo(100);

        HttpResponse<String> oneGroup = send("POST", "/api/v1/trials", derivedTrial("t-one-group", "[[0, 1]]"));
        assertThat(oneGroup.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(oneGroup.body())
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .containsExactly("task.classGroups");
        assertThat(send("POST", "/api/v1/trials", derivedTrial("t-text", "[[0, \"1\"], [2]]"))
                        .statusCode())
                .as("no coercion of a string index")
                .isEqualTo(400);

        // A class the dataset does not have is the request's fault: refused at submission, never trained.
        HttpResponse<String> beyond = send("POST", "/api/v1/trials", derivedTrial("t-beyond", "[[0], [10]]"));
        assertThat(beyond.statusCode()).as(beyond.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(beyond.body()).path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("task.classGroups");
        assertThat(error.path("message").asString())
                .isEqualTo("class 10 does not exist: synthetic has 10 classes (0 to 9)");
        assertThat(send("GET", "/api/v1/trials/t-beyond", null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsModelsAndDatasets() throws Exception {
        JsonNode models = JSON.readTree(send("GET", "/api/v1/models", null).body());
        assertThat(models.valueStream().map(m -> m.path("id").asString()))
                .containsExactly("mlp", "cnn-small", "cnn-medium", "resnet-mini", "inception-mini");
        JsonNode datasets = JSON.readTree(send("GET", "/api/v1/datasets", null).body());
        assertThat(datasets.valueStream().map(d -> d.path("name").asString()))
                .contains("synthetic", "fashion-mnist", "cifar-10");
    }

    @Test
    void longInputIsNeverEchoedBackWhole() throws Exception {
        HttpResponse<String> expression = send("POST", "/api/v1/trials", trial("long", "p + " + "q".repeat(4_000), 1));
        HttpResponse<String> tooLong = send("POST", "/api/v1/trials", trial("long", "p+".repeat(5_000) + "p", 1));
        HttpResponse<String> path = send("GET", "/api/v1/trials/" + "x".repeat(10_000), null);
        assertThat(expression.statusCode()).isEqualTo(400);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(path.statusCode()).isEqualTo(404);
        for (HttpResponse<String> answer : List.of(expression, tooLong, path)) {
            assertThat(answer.body().length()).as(answer.body()).isLessThan(1_200);
        }
        assertThat(JSON.readTree(expression.body())
                        .path("errors")
                        .get(0)
                        .path("message")
                        .asString())
                .contains("unknown name 'qqq")
                .endsWith("…");
        assertThat(JSON.readTree(path.body()).path("detail").asString())
                .startsWith("no trial 'xxx")
                .contains("…");
    }
}
