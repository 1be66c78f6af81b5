package io.lossforge.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator's API over real HTTP on a real (embedded) PostgreSQL with the real schema, without
 * trainers: searches start and queue their trials; trainer callbacks are posted as a trainer would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrchestratorApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("orchestrator-api");
        registry.add("lossforge.orchestrator.home", home::toString);
        registry.add("lossforge.orchestrator.dispatch.interval", () -> "50ms");
        // Room for the 10 kB parameter of longInputIsNeverEchoedBackWhole (Tomcat's default is 8 kB).
        registry.add("server.max-http-request-header-size", () -> "32KB");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode node = json(send("GET", path, null));
            if (done.test(node)) {
                return node;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " did not reach the expected state");
    }

    /** Waits until the driver has screened every candidate (none PENDING). */
    private void awaitNoPending(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject(
                        "select count(*) from candidate where search_id = ?::uuid and status = 'PENDING'",
                        Integer.class,
                        id)
                > 0) {
            assertThat(System.nanoTime())
                    .as("candidates still PENDING after 30 s")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static final String SEARCH = """
            {"name": "api test", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1000, "seed": 3},
             "search": {"populationSize": 6, "generations": 2, "seedLosses": ["ce", "ngl"], "seed": 9}}
            """;

    @Test
    void startsASearchQueuesTrialsAndRecordsResultsOnce() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/searches", SEARCH);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/searches/" + id);

        JsonNode running = await(
                "/api/v1/searches/" + id,
                s -> s.path("state").asString().equals("RUNNING")
                        && s.path("counts").path("candidates").asInt() == 9);
        assertThat(running.path("generation").asInt()).isZero();
        assertThat(running.path("task").path("batchSize").asInt()).isEqualTo(128);

        awaitNoPending(id);
        // ngl is both a seed and a baseline (same expression and reduction, so the same hash): one trial
        // trains it, the other candidate waits for that result.
        assertThat(jdbc.queryForObject("""
                select count(*) from trial t join candidate c on c.id = t.candidate_id
                where c.search_id = ?::uuid and c.expression like 'exp(2.4092%'""", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForList("""
                select status from candidate where search_id = ?::uuid and expression like 'exp(2.4092%'
                order by generation""", String.class, id)).containsExactly("QUEUED", "WAITING");
        String trialId = jdbc.queryForObject("""
                select t.id from trial t join candidate c on c.id = t.candidate_id
                where c.search_id = ?::uuid and c.baseline = 'ce'""", String.class, id);

        String result = """
                {"trialId": "%s", "result": {"outcome": "SUCCEEDED", "validationAccuracy": %s, "validationLoss": 0.5,
                 "epochs": [], "wallSeconds": 1.0}}""";
        assertThat(send("POST", "/internal/v1/trials/" + trialId + "/result", result.formatted(trialId, "0.81"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(send("POST", "/internal/v1/trials/" + trialId + "/result", result.formatted(trialId, "0.12"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(jdbc.queryForList(
                        "select fitness from candidate where search_id = ?::uuid and baseline = 'ce'",
                        Double.class,
                        id))
                .containsExactly(0.81);
        assertThat(send("POST", "/internal/v1/trials/nope/result", result.formatted("nope", "0.5"))
                        .statusCode())
                .isEqualTo(404);

        JsonNode board = json(send("GET", "/api/v1/searches/" + id + "/leaderboard", null));
        assertThat(board.get(0).path("baseline").asString()).isEqualTo("ce");
        assertThat(board.get(0).path("deltaVsCe").asDouble()).isZero();

        String metrics = send("GET", "/actuator/prometheus", null).body();
        assertThat(metrics)
                .contains("lossforge_searches{application=\"lossforge-orchestrator\",state=\"RUNNING\"}")
                .contains("lossforge_candidates_screened_total{")
                .contains(
                        "lossforge_candidates_evaluated_total{application=\"lossforge-orchestrator\",outcome=\"SUCCEEDED\"}")
                .contains("lossforge_trials_queued{")
                .contains("lossforge_trials_in_flight{")
                .contains("lossforge_trainer_slots_capacity{")
                .contains("lossforge_dispatch_latency_seconds_count");

        HttpResponse<String> cancelled = send("POST", "/api/v1/searches/" + id + "/cancel", null);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(json(cancelled).path("state").asString()).isEqualTo("CANCELLED");
        assertThat(send("POST", "/api/v1/searches/" + id + "/cancel", null).statusCode())
                .isEqualTo(409);
        assertThat(jdbc.queryForObject("""
                select count(*) from trial t join candidate c on c.id = t.candidate_id
                where c.search_id = ?::uuid and t.state in ('QUEUED', 'LEASED')""", Integer.class, id)).isZero();
        assertThat(json(send("GET", "/api/v1/searches?size=5", null))
                        .path("items")
                        .valueStream()
                        .map(s -> s.path("id").asString()))
                .contains(id);
    }

    @Test
    void aTrainerCancellationIsRetriedAndASuccessWithoutAccuracyIsAFailure() throws Exception {
        // Its own task seed: another fingerprint, so no candidate waits on the other test's search.
        String id = json(send("POST", "/api/v1/searches", SEARCH.replace("\"seed\": 3", "\"seed\": 4")))
                .path("id")
                .asString();
        await("/api/v1/searches/" + id, s -> s.path("state").asString().equals("RUNNING"));
        awaitNoPending(id);
        String first = jdbc.queryForObject("""
                select t.id from trial t join candidate c on c.id = t.candidate_id
                where c.search_id = ?::uuid and c.baseline = 'focal'""", String.class, id);
        String cancelled = "{\"result\": {\"outcome\": \"CANCELLED\", \"message\": \"trainer shutting down\"}}";
        assertThat(send("POST", "/internal/v1/trials/" + first + "/result", cancelled)
                        .statusCode())
                .isEqualTo(204);
        assertThat(jdbc.queryForMap(
                        "select status, attempts from candidate where search_id = ?::uuid and baseline = 'focal'", id))
                .containsEntry("status", "QUEUED")
                .containsEntry("attempts", 2);
        String second = jdbc.queryForObject("""
                select t.id from trial t join candidate c on c.id = t.candidate_id
                where c.search_id = ?::uuid and c.baseline = 'focal' and t.attempt = 2""", String.class, id);

        String noAccuracy = "{\"result\": {\"outcome\": \"SUCCEEDED\", \"validationAccuracy\": null}}";
        assertThat(send("POST", "/internal/v1/trials/" + second + "/result", noAccuracy)
                        .statusCode())
                .isEqualTo(204);
        assertThat(jdbc.queryForMap(
                        "select status, outcome, fitness from candidate where search_id = ?::uuid and baseline = 'focal'",
                        id))
                .containsEntry("status", "DONE")
                .containsEntry("outcome", "FAILED")
                .containsEntry("fitness", -1.0);
        send("POST", "/api/v1/searches/" + id + "/cancel", null);
    }

    @Test
    void invalidSearchesAreProblemsNamingTheirFields() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/searches", """
                {"task": {"dataset": "fashion-mnist", "model": "mlp", "batchSize": 0},
                 "search": {"populationSize": 5000, "seedLosses": ["nope"]}}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("urn:lossforge:problem:invalid-request");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()))
                .contains("task.batchSize", "search.populationSize", "search.seedLosses");
        assertThat(send("POST", "/api/v1/searches", "{\"name\": 1, ").statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/searches/not-a-uuid", null).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/searches/00000000-0000-0000-0000-000000000000", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/v1/searches?size=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theLossLanguageOverHttp() throws Exception {
        JsonNode evaluated = json(send(
                "POST",
                "/api/v1/losses/evaluate",
                "{\"expression\": \"ce\", \"logits\": [[0, 0, 0]], \"labels\": [1]}"));
        assertThat(evaluated.path("loss").asDouble())
                .isCloseTo(Math.log(3), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(evaluated.path("grad").get(0).get(1).asDouble())
                .isCloseTo(-2 / 3.0, org.assertj.core.data.Offset.offset(1e-12));

        JsonNode screened = json(send("POST", "/api/v1/losses/screen", "{\"expression\": \"p * 2\"}"));
        assertThat(screened.path("verdict").asString()).isEqualTo("REJECTED");
        assertThat(screened.path("reason").asString()).isEqualTo("MISSING_VARIABLE");

        HttpResponse<String> bad = send("POST", "/api/v1/losses/screen", "{\"expression\": \"exp(p\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("type").asString()).isEqualTo("urn:lossforge:problem:invalid-expression");
        assertThat(json(bad).path("position").asInt()).isEqualTo(5);
        assertThat(send(
                                "POST",
                                "/api/v1/losses/evaluate",
                                "{\"expression\": \"ce\", \"logits\": [[0, 0]], \"labels\": [7]}")
                        .statusCode())
                .isEqualTo(400);

        String hash = json(send("POST", "/api/v1/losses/screen", "{\"expression\": \"ngl\"}"))
                .path("hash")
                .asString();
        HttpResponse<String> pytorch = send("GET", "/api/v1/losses/" + hash + "/export?format=pytorch", null);
        assertThat(pytorch.statusCode()).isEqualTo(200);
        assertThat(pytorch.body()).contains("def loss(logits, target):").contains("return f.mean()");
        assertThat(send("GET", "/api/v1/losses/" + hash + "/export?format=docx", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/losses/0123456789abcdef/export", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void trainersRegisterAndHeartbeat() throws Exception {
        HttpResponse<String> registered =
                send("POST", "/internal/v1/trainers", "{\"url\": \"http://127.0.0.1:1\", \"slots\": 2}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String id = json(registered).path("id").asString();
        assertThat(send("POST", "/internal/v1/trainers/" + id + "/heartbeat", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(json(send("GET", "/api/v1/trainers", null))
                        .valueStream()
                        .map(t -> t.path("url").asString()))
                .contains("http://127.0.0.1:1");
        assertThat(send("POST", "/internal/v1/trainers", "{\"url\": \"ftp://x\", \"slots\": 0}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void longInputIsNeverEchoedBackWhole() throws Exception {
        String name = "q".repeat(4_000);
        String tenKb = "x".repeat(10_000);
        List<HttpResponse<String>> answers = List.of(
                send("POST", "/api/v1/losses/screen", "{\"expression\": \"p + " + name + "\"}"),
                send("POST", "/api/v1/losses/screen", "{\"expression\": \"" + "p+".repeat(5_000) + "p\"}"),
                send(
                        "POST",
                        "/api/v1/losses/evaluate",
                        "{\"expression\": \"" + name + "\", \"logits\": [[1, 2]], \"labels\": [0]}"),
                send("GET", "/api/v1/searches/" + tenKb, null),
                send("GET", "/api/v1/searches?page=" + tenKb, null));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(answer.body().length()).as(answer.body()).isLessThan(1_200);
        }
        assertThat(json(answers.getFirst()).path("detail").asString())
                .contains("unknown name 'qqq")
                .endsWith("…");
        assertThat(json(answers.get(3)).path("detail").asString())
                .startsWith("id is not a valid value: xxx")
                .endsWith("…");
    }
}
