package io.lossforge.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.orchestrator.security.InternalPort;
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
 * The orchestrator's API over real HTTP on a real (embedded) PostgreSQL with the real schema, with a
 * stand-in trainer that accepts everything: searches start and dispatch attempts; trainer reports are
 * posted as a trainer would (on the internal port, with the internal token and the trainer's instance id).
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
        // The stand-in trainer sends no heartbeats: it must not be declared lost during the test.
        registry.add("lossforge.orchestrator.liveness.lost-after", () -> "10m");
        // Room for the 10 kB parameter of longInputIsNeverEchoedBackWhole (Tomcat's default is 8 kB).
        registry.add("server.max-http-request-header-size", () -> "32KB");
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    InternalPort internalPort;

    @Autowired
    JdbcTemplate jdbc;

    /**
     * A request as its caller would send it: {@code /internal/**} as a trainer (the internal port, the
     * internal token), the metrics as Prometheus (the scrape token), {@code /api/**} with the operator key
     * (this test is about what the API does, not who may call it; the security tests cover roles).
     */
    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        boolean internal = path.startsWith("/internal/");
        String credential = internal
                ? TestCredentials.INTERNAL_TOKEN
                : path.startsWith("/actuator/") ? TestCredentials.SCRAPE_TOKEN : TestCredentials.OPERATOR_KEY;
        int target = internal ? internalPort.port() : port;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestCredentials.bearer(credential))
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

    /** The stand-in trainer every search of this class is dispatched to (registered once). */
    private static AcceptingTrainer trainer;

    private synchronized void registerTrainer() throws Exception {
        if (trainer == null) {
            trainer = new AcceptingTrainer();
            HttpResponse<String> registered = send("POST", "/internal/v1/trainers", trainer.registration(256));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        }
    }

    /**
     * The running attempt the stand-in trainer accepted for the evaluation candidate {@code where}
     * follows, numbered at least {@code number} (an attempt another test's trainer could not take is
     * skipped: it ended UNREACHABLE, without using budget).
     */
    private String awaitAttemptNumber(String id, String where, int number) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> ids = jdbc.queryForList(
                    "select a.id::text from attempt a join candidate c on c.evaluation_id = a.evaluation_id"
                            + " where c.search_id = ?::uuid and " + where + " and a.number >= ? and a.state = 'RUNNING'"
                            + " and a.trainer_url = ? order by a.number desc limit 1",
                    String.class,
                    id,
                    number,
                    trainer.url());
            if (!ids.isEmpty()) {
                return ids.getFirst();
            }
            assertThat(System.nanoTime())
                    .as("no attempt " + number + " for " + where)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private int numberOf(String attempt) {
        return jdbc.queryForObject("select number from attempt where id = ?::uuid", Integer.class, attempt);
    }

    private HttpResponse<String> report(String attempt, String result) throws Exception {
        return send("POST", "/internal/v1/trials/" + attempt + "/result", trainer.resultReport(result));
    }

    @Test
    void startsASearchDispatchesAttemptsAndRecordsResultsOnce() throws Exception {
        registerTrainer();
        HttpResponse<String> created = send("POST", "/api/v1/searches", SEARCH);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/searches/" + id);
        assertThat(json(created).path("createdBy").asString())
                .as("the name of the API key that started it")
                .isEqualTo("test-operator");

        JsonNode running = await(
                "/api/v1/searches/" + id,
                s -> s.path("state").asString().equals("RUNNING")
                        && s.path("counts").path("candidates").asInt() == 9);
        assertThat(running.path("generation").asInt()).isZero();
        assertThat(running.path("generationLimit").asInt()).isEqualTo(2);
        assertThat(running.path("task").path("batchSize").asInt()).isEqualTo(128);

        awaitNoPending(id);
        // ngl is both a seed and a baseline (same expression and reduction, so the same hash): one
        // evaluation stands for both, and one attempt trains it.
        assertThat(jdbc.queryForList("""
                select status || ':' || reused from candidate where search_id = ?::uuid and expression like 'exp(2.4092%'
                order by generation""", String.class, id)).containsExactly("EVALUATING:false", "EVALUATING:true");
        assertThat(jdbc.queryForObject("""
                select count(distinct evaluation_id) from candidate where search_id = ?::uuid
                and expression like 'exp(2.4092%'""", Integer.class, id)).isEqualTo(1);
        // Running on this test's trainer: a LEASED attempt (its 202 not yet recorded) would make the
        // state assertions below race the dispatcher.
        String attempt = awaitAttemptNumber(id, "c.baseline = 'ce'", 1);

        String result = """
                {"outcome": "SUCCEEDED", "validationAccuracy": %s, "validationLoss": 0.5, "epochs": [], "wallSeconds": 1.0}""";
        // A fitness that cannot be true is refused before it touches anything (it would be reused forever).
        HttpResponse<String> forged = report(attempt, result.formatted("1.5"));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
        assertThat(json(forged).path("errors").get(0).path("field").asString()).isEqualTo("result");
        assertThat(jdbc.queryForObject("select state from attempt where id = ?::uuid", String.class, attempt))
                .isEqualTo("RUNNING");
        assertThat(send("GET", "/actuator/prometheus", null).body())
                .contains(
                        "lossforge_reports_refused_total{application=\"lossforge-orchestrator\",reason=\"implausible\"} 1.0");
        assertThat(report(attempt, result.formatted("0.81")).statusCode()).isEqualTo(204);
        assertThat(report(attempt, result.formatted("0.12")).statusCode())
                .as("a duplicate")
                .isEqualTo(204);
        assertThat(jdbc.queryForList("""
                select e.fitness from candidate c join evaluation e on e.id = c.evaluation_id
                where c.search_id = ?::uuid and c.baseline = 'ce'""", Double.class, id)).containsExactly(0.81);
        assertThat(jdbc.queryForObject("select state from attempt where id = ?::uuid", String.class, attempt))
                .isEqualTo("FINISHED");
        assertThat(report("nope", result.formatted("0.5")).statusCode()).isEqualTo(404);
        assertThat(report(java.util.UUID.randomUUID().toString(), result.formatted("0.5"))
                        .statusCode())
                .isEqualTo(404);

        JsonNode board = json(send("GET", "/api/v1/searches/" + id + "/leaderboard", null));
        assertThat(board.get(0).path("baseline").asString()).isEqualTo("ce");
        assertThat(board.get(0).path("deltaVsCe").asDouble()).isZero();

        JsonNode trainers = json(send("GET", "/api/v1/trainers", null));
        JsonNode mine = trainers.valueStream()
                .filter(t -> t.path("url").asString().equals(trainer.url()))
                .findFirst()
                .orElseThrow();
        assertThat(mine.path("state").asString()).isEqualTo("ACTIVE");
        assertThat(mine.path("attempts").size()).as("attempts in flight on it").isPositive();
        assertThat(mine.path("busy").asInt()).isEqualTo(mine.path("attempts").size());

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
        // Nothing of the search stays live, and its running attempts were stopped on the trainer.
        assertThat(jdbc.queryForObject("""
                select count(*) from attempt a join evaluation e on e.id = a.evaluation_id
                join candidate c on c.id = e.first_candidate_id
                where c.search_id = ?::uuid and a.state in ('LEASED', 'RUNNING')""", Integer.class, id)).isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from candidate where search_id = ?::uuid and status = 'EVALUATING'",
                        Integer.class,
                        id))
                .isZero();
        awaitCondition(() -> trainer.received().stream().anyMatch(r -> r.startsWith("DELETE /api/v1/trials/")));
        // The trainers' API admits only the internal token: the orchestrator presents it on every call.
        assertThat(trainer.authorizations()).containsOnly(TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN));

        assertThat(jdbc.queryForObject("""
                select count(*) from evaluation e join candidate c on c.id = e.first_candidate_id
                where c.search_id = ?::uuid and e.status = 'ABANDONED'""", Integer.class, id))
                .as("evaluations only this search needed")
                .isPositive();

        // Resumed, it continues its generation: the result it had is kept, the rest is evaluated again.
        HttpResponse<String> resumed = send("POST", "/api/v1/searches/" + id + "/resume", "{}");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(json(resumed).path("state").asString()).isEqualTo("RUNNING");
        awaitNoPending(id);
        assertThat(jdbc.queryForList(
                        "select status || ':' || reused from candidate where search_id = ?::uuid and baseline = 'ce'",
                        String.class,
                        id))
                .containsExactly("EVALUATED:false");
        assertThat(jdbc.queryForObject(
                        "select count(*) from candidate where search_id = ?::uuid and status = 'EVALUATING'",
                        Integer.class,
                        id))
                .isPositive();
        assertThat(send("POST", "/api/v1/searches/" + id + "/cancel", null).statusCode())
                .isEqualTo(202);
        assertThat(json(send("GET", "/api/v1/searches?size=5", null))
                        .path("items")
                        .valueStream()
                        .map(s -> s.path("id").asString()))
                .contains(id);
    }

    @Test
    void infrastructureFailuresAreRetriedWithoutPenaltyAndNeverRanked() throws Exception {
        registerTrainer();
        // Its own task seed: another fingerprint, so no candidate shares the other test's evaluations.
        String id = json(send("POST", "/api/v1/searches", SEARCH.replace("\"seed\": 3", "\"seed\": 4")))
                .path("id")
                .asString();
        await("/api/v1/searches/" + id, s -> s.path("state").asString().equals("RUNNING"));
        String focal = "c.baseline = 'focal'";
        String first = awaitAttemptNumber(id, focal, 1);

        // A trainer shutting down cancels its trials: re-queued, no budget used.
        assertThat(report(first, "{\"outcome\": \"CANCELLED\", \"cancelReason\": \"SHUTDOWN\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(jdbc.queryForMap("select state, outcome from attempt where id = ?::uuid", first))
                .containsEntry("state", "FAILED")
                .containsEntry("outcome", "SHUTDOWN");
        String second = awaitAttemptNumber(id, focal, numberOf(first) + 1);
        assertThat(budget(id)).isZero();
        // The same CANCELLED again (a duplicate callback) queues nothing more.
        assertThat(report(first, "{\"outcome\": \"CANCELLED\", \"cancelReason\": \"SHUTDOWN\"}")
                        .statusCode())
                .isEqualTo(204);

        // A "success" without accuracy, out-of-memory, engine errors: each uses budget, none is a fitness.
        assertThat(report(second, "{\"outcome\": \"SUCCEEDED\", \"validationAccuracy\": null}")
                        .statusCode())
                .isEqualTo(204);
        String third = awaitAttemptNumber(id, focal, numberOf(second) + 1);
        assertThat(report(third, "{\"outcome\": \"FAILED\", \"failure\": {\"kind\": \"OUT_OF_MEMORY\"}}")
                        .statusCode())
                .isEqualTo(204);
        String fourth = awaitAttemptNumber(id, focal, numberOf(third) + 1);
        assertThat(report(fourth, "{\"outcome\": \"FAILED\", \"message\": \"boom\"}")
                        .statusCode())
                .isEqualTo(204);
        String fifth = awaitAttemptNumber(id, focal, numberOf(fourth) + 1);
        assertThat(report(fifth, "{\"outcome\": \"FAILED\", \"failure\": {\"kind\": \"ENGINE_ERROR\"}}")
                        .statusCode())
                .isEqualTo(204);

        // Four budgeted failures (the default max-attempts): UNEVALUATED, shown as such, never ranked.
        assertThat(jdbc.queryForList(
                        "select status from candidate where search_id = ?::uuid and baseline = 'focal'",
                        String.class,
                        id))
                .containsExactly("UNEVALUATED");
        assertThat(budget(id)).isEqualTo(4);
        JsonNode view = json(send("GET", "/api/v1/searches/" + id, null));
        assertThat(view.path("counts").path("unevaluated").asInt()).isEqualTo(1);
        assertThat(json(send("GET", "/api/v1/searches/" + id + "/leaderboard", null))
                        .valueStream()
                        .map(r -> r.path("baseline").asString()))
                .doesNotContain("focal");
        // A late report on an attempt given up long ago changes nothing.
        assertThat(report(first, "{\"outcome\": \"SUCCEEDED\", \"validationAccuracy\": 0.9}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(jdbc.queryForList(
                        "select status from candidate where search_id = ?::uuid and baseline = 'focal'",
                        String.class,
                        id))
                .containsExactly("UNEVALUATED");
        send("POST", "/api/v1/searches/" + id + "/cancel", null);
    }

    /** Budgeted failures of the search's focal evaluation. */
    private int budget(String id) {
        return jdbc.queryForObject("""
                select e.failures from evaluation e join candidate c on c.id = e.first_candidate_id
                where c.search_id = ?::uuid and c.baseline = 'focal'""", Integer.class, id);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
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
        HttpResponse<String> badIslands = send("POST", "/api/v1/searches", """
                {"task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 200},
                 "search": {"populationSize": 6, "islands": {"count": 4}, "constantTuning": 7,
                            "fidelity": {"rungs": 2}}}""");
        assertThat(badIslands.statusCode()).isEqualTo(400);
        assertThat(json(badIslands)
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .containsExactlyInAnyOrder("search.islands.count", "search.constantTuning");
        HttpResponse<String> smallRung = send("POST", "/api/v1/searches", """
                {"task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 200},
                 "search": {"populationSize": 6, "fidelity": {"rungs": 2}}}""");
        assertThat(smallRung.statusCode()).isEqualTo(400);
        assertThat(json(smallRung).path("errors").get(0).path("message").asString())
                .isEqualTo("leaves rung 0 with 67 of 200 training samples, fewer than one batch (128): use fewer"
                        + " rungs, a smaller eta or more trainSamples");
        HttpResponse<String> multiTask = send("POST", "/api/v1/searches", """
                {"task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 3000,
                          "fitnessTasks": [{"dataset": "cifar-10", "model": "cnn-small", "epochs": 0}]},
                 "search": {"populationSize": 6, "fidelity": {"rungs": 2}}}""");
        assertThat(multiTask.statusCode()).isEqualTo(400);
        assertThat(json(multiTask)
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .containsExactly("task.fitnessTasks[0].epochs");
        HttpResponse<String> multiTaskRungs = send("POST", "/api/v1/searches", """
                {"task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 3000,
                          "fitnessTasks": [{"dataset": "cifar-10", "model": "cnn-small"}]},
                 "search": {"populationSize": 6, "fidelity": {"rungs": 2}}}""");
        assertThat(json(multiTaskRungs).path("errors").get(0).path("message").asString())
                .isEqualTo("multi-fidelity does not combine with a multi-task fitness (task.fitnessTasks)");
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
    void trainersRegisterBeatAndDeregister() throws Exception {
        String instance = java.util.UUID.randomUUID().toString();
        HttpResponse<String> registered = send(
                "POST",
                "/internal/v1/trainers",
                "{\"url\": \"http://127.0.0.1:1\", \"slots\": 2, \"instanceId\": \"" + instance + "\"}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String id = json(registered).path("id").asString();
        assertThat(json(registered).path("heartbeatMillis").asLong()).isEqualTo(3000);
        HttpResponse<String> bare = send("POST", "/internal/v1/trainers/" + id + "/heartbeat", null);
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(json(bare).path("heartbeatMillis").asLong()).isEqualTo(3000);
        HttpResponse<String> listed = send("POST", "/internal/v1/trainers/" + id + "/heartbeat", """
                {"instanceId": "%s", "slots": 2, "draining": false, "attempts": [
                 {"attemptId": "%s", "state": "RUNNING", "phase": "TRAINING", "progress": 1, "batchesDone": 1,
                  "batchesTotal": 9, "epoch": 1},
                 {"attemptId": "old", "state": "FINISHED", "phase": null, "progress": 9, "batchesDone": 9,
                  "batchesTotal": 9, "epoch": 1}]}""".formatted(
                        instance, java.util.UUID.randomUUID()));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(json(listed).path("cancel").size())
                .as("an attempt unknown here is stopped")
                .isOne();
        assertThat(json(listed).path("acknowledged").valueStream().map(JsonNode::asString))
                .as("a finished one nobody waits for may be forgotten")
                .containsExactly("old");
        JsonNode view = json(send("GET", "/api/v1/trainers", null))
                .valueStream()
                .filter(t -> t.path("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(view.path("state").asString()).isEqualTo("ACTIVE");
        assertThat(view.path("instanceId").asString()).isEqualTo(instance);

        assertThat(send("DELETE", "/internal/v1/trainers/" + id, null).statusCode())
                .isEqualTo(204);
        view = json(send("GET", "/api/v1/trainers", null))
                .valueStream()
                .filter(t -> t.path("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(view.path("state").asString()).isEqualTo("LOST");
        assertThat(view.path("stateReason").asString()).isEqualTo("shut down");
        assertThat(send("POST", "/internal/v1/trainers/" + id + "/heartbeat", null)
                        .statusCode())
                .as("a heartbeat brings it back")
                .isEqualTo(200);
        assertThat(send("DELETE", "/internal/v1/trainers/" + java.util.UUID.randomUUID(), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("POST", "/internal/v1/trainers", "{\"url\": \"ftp://x\", \"slots\": 0}")
                        .statusCode())
                .isEqualTo(400);
        // Gone for good: the other tests' work must not be sent to a closed port.
        assertThat(send("DELETE", "/internal/v1/trainers/" + id, null).statusCode())
                .isEqualTo(204);
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

    private static final String SPELLINGS = """
            {"task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1000, "seed": %d, "optimizer": "%s"},
             "search": {"populationSize": %d, "generations": 1, "seedLosses": %s, "baselines": %s, "seed": 1,
                        "stages": {"gradientEquivalence": %s, "rejection": %s}}}
            """;

    /**
     * Four spellings of CE: p-free terms added (three ways) and a constant factor. (Not {@code log(3 * p)}:
     * the language's protected log clamps its argument, so on confidently wrong rows it differs from
     * {@code log(p) + log(3)}, and gradient equivalence rightly says so.)
     */
    private static final String FOUR_CE_SPELLINGS =
            "[\"-(y * log(p)) + 0.5\", \"-(y * log(p)) - cos(2)\", \"-(y * log(p)) - y\", \"2 * -(y * log(p))\"]";

    private String startSpellings(
            int taskSeed,
            String optimizer,
            int population,
            String seeds,
            String baselines,
            boolean equivalence,
            boolean rejection)
            throws Exception {
        HttpResponse<String> created = send(
                "POST",
                "/api/v1/searches",
                SPELLINGS.formatted(taskSeed, optimizer, population, seeds, baselines, equivalence, rejection));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        int candidates = population + JSON.readTree(baselines).size();
        await("/api/v1/searches/" + id, v -> v.path("counts").path("candidates").asInt() == candidates);
        awaitNoPending(id);
        return id;
    }

    private int evaluationsOf(String id) {
        return jdbc.queryForObject(
                "select count(distinct evaluation_id) from candidate where search_id = ?::uuid", Integer.class, id);
    }

    private JsonNode stage(JsonNode view, String name) {
        return view.path("stages")
                .valueStream()
                .filter(s -> s.path("stage").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name + " in " + view));
    }

    /**
     * Twenty losses of the on-run of docs/search.md that share one family key (all functions of the target's
     * probability: per row the same gradient direction, a different scale) and are pairwise not equivalent,
     * then a spelling of the twentieth. The key only narrows the look-up: the spelling must be compared with
     * every member, not the first few (it was 16, and that run trained 17 copies).
     */
    private static final List<String> ONE_KEY = List.of(
            "max(y, p)",
            "sin(-3.4626) * (p / y)",
            "-(y * tanh(p))",
            "log(y * log(p))",
            "-(y * sin(p))",
            "y / (exp(p) * 1)",
            "-(y * sigmoid(p))",
            "-(y * sqrt(p))",
            "-max(0.9625 - y, sin(sin(p)))",
            "-aq(y, log(-0.9294 * tanh(p) / y))",
            "-(y * exp(p))",
            "-aq(y, log(sin(p)))",
            "-aq(y, log(1.4248 / p))",
            "-aq(y, log(tanh(p)))",
            "-(y * log(sin(p)))",
            "y / (y + (cos(2) + sin(p)))",
            "y / (y + (y + sin(p)))",
            "exp(aq(y, sigmoid(p)))",
            "y / (log(p) + (2 + sin(p)))",
            "-(y * log(tanh(p)))",
            "-(y * log(tanh(p))) - cos(2)");

    @Test
    void aSpellingFindsItsEvaluationAmongManyOfTheSameFamilyKey() throws Exception {
        registerTrainer();
        String seeds = JSON.writeValueAsString(ONE_KEY);
        String id = startSpellings(57, "adam", ONE_KEY.size(), seeds, "[]", true, false);

        assertThat(jdbc.queryForObject(
                        "select count(distinct family_key) from evaluation e join candidate c on c.evaluation_id = e.id"
                                + " where c.search_id = ?::uuid",
                        Integer.class,
                        id))
                .as("one family key for all")
                .isEqualTo(1);
        assertThat(evaluationsOf(id)).isEqualTo(ONE_KEY.size() - 1);
        assertThat(jdbc.queryForList(
                        "select expression from candidate where search_id = ?::uuid and equivalent", String.class, id))
                .containsExactly("-(y * log(tanh(p))) - cos(2)");
        assertThat(send("POST", "/api/v1/searches/" + id + "/cancel", null).statusCode())
                .isEqualTo(202);
    }

    @Test
    void spellingsOfCeShareOneEvaluationAcrossSearchesUnlessTheStageIsOff() throws Exception {
        registerTrainer();
        String on = startSpellings(41, "adam", 4, FOUR_CE_SPELLINGS, "[\"ce\"]", true, false);
        assertThat(evaluationsOf(on))
                .as(
                        "CE and its four spellings: one evaluation, not %s",
                        jdbc.queryForList(
                                "select expression || ' ' || reduction || ' -> ' || evaluation_id from candidate"
                                        + " where search_id = ?::uuid order by generation, position",
                                String.class,
                                on))
                .isEqualTo(1);
        assertThat(jdbc.queryForList(
                        "select equivalent from candidate where search_id = ?::uuid order by generation, position",
                        Boolean.class,
                        on))
                .containsExactly(false, true, true, true, true);
        String result = """
                {"outcome": "SUCCEEDED", "validationAccuracy": 0.8, "validationLoss": 0.5, "epochs": [], "wallSeconds": 2.5}""";
        assertThat(report(awaitAttemptNumber(on, "c.baseline = 'ce'", 1), result)
                        .statusCode())
                .isEqualTo(204);
        JsonNode done =
                await("/api/v1/searches/" + on, s -> s.path("state").asString().equals("SUCCEEDED"));
        assertThat(done.path("counts").path("evaluated").asInt()).isEqualTo(1);
        assertThat(done.path("counts").path("equivalent").asInt()).isEqualTo(4);
        assertThat(done.path("counts").path("cacheHits").asInt()).isZero();
        assertThat(done.path("search")
                        .path("stages")
                        .path("gradientEquivalence")
                        .asBoolean())
                .isTrue();
        JsonNode equivalence = stage(done, "gradient-equivalence");
        assertThat(equivalence.path("removed").asInt()).isEqualTo(4);
        assertThat(equivalence.path("trainerSecondsSaved").asDouble()).isEqualTo(10.0);
        assertThat(equivalence.path("estimated").asBoolean()).isFalse();
        assertThat(stage(done, "rejection").path("enabled").asBoolean()).isFalse();

        JsonNode listed = json(send("GET", "/api/v1/searches/" + on + "/candidates", null));
        assertThat(listed.path("total").asInt()).isEqualTo(5);
        assertThat(listed.path("items").valueStream().map(c -> c.path("reuse").asString()))
                .containsExactly("NONE", "EQUIVALENT", "EQUIVALENT", "EQUIVALENT", "EQUIVALENT");
        assertThat(listed.path("items")
                        .valueStream()
                        .map(c -> c.path("family").asString())
                        .distinct())
                .hasSize(1);
        assertThat(listed.path("items").get(1).path("source").asString()).isEqualTo("SEED");
        assertThat(listed.path("items")
                        .valueStream()
                        .map(c -> c.path("trainedSeconds").toString()))
                .as("the trainer time is counted once, on the candidate that opened the evaluation")
                .containsExactly("2.5", "null", "null", "null", "null");
        assertThat(json(send("GET", "/api/v1/searches/" + on + "/candidates?generation=-1", null))
                        .path("total")
                        .asInt())
                .isEqualTo(1);

        JsonNode families = json(send("GET", "/api/v1/searches/" + on + "/leaderboard", null));
        assertThat(json(send("GET", "/api/v1/searches/" + on + "/hall-of-fame", null)))
                .as("the evolved family alone: the baseline is not on the front")
                .singleElement()
                .satisfies(r -> assertThat(r.path("forms").asInt()).isEqualTo(4));
        assertThat(families).as(families.toString()).hasSize(2);
        JsonNode evolved = families.valueStream()
                .filter(r -> r.path("baseline").isNull())
                .findFirst()
                .orElseThrow();
        assertThat(evolved.path("forms").asInt()).isEqualTo(4);
        assertThat(evolved.path("fitness").asDouble()).isEqualTo(0.8);
        assertThat(evolved.path("validationImages").asInt()).isEqualTo(2000);
        assertThat(evolved.path("fitnessLow").asDouble()).isBetween(0.78, 0.8);
        assertThat(evolved.path("fitnessHigh").asDouble()).isBetween(0.8, 0.82);
        assertThat(evolved.path("pValueVsCe").isNull())
                .as("no per-image correctness reported")
                .isTrue();
        assertThat(json(send("GET", "/api/v1/searches/" + on + "/leaderboard?group=none", null)))
                .hasSize(5);
        assertThat(send("GET", "/api/v1/searches/" + on + "/leaderboard?group=all", null)
                        .statusCode())
                .isEqualTo(400);

        // Another search of the same task: other spellings find the first search's evaluation.
        String again =
                startSpellings(41, "adam", 2, "[\"-(y * log(p)) * 3\", \"-(y * log(p)) + sin(1)\"]", "[]", true, false);
        JsonNode reused = await(
                "/api/v1/searches/" + again, s -> s.path("state").asString().equals("SUCCEEDED"));
        assertThat(reused.path("counts").path("equivalent").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject(
                        "select count(distinct evaluation_id) from candidate where search_id in (?::uuid, ?::uuid)",
                        Integer.class,
                        on,
                        again))
                .isEqualTo(1);

        // With the stage off every spelling is trained; under SGD a constant factor changes the steps.
        assertThat(evaluationsOf(startSpellings(42, "adam", 4, FOUR_CE_SPELLINGS, "[\"ce\"]", false, false)))
                .isEqualTo(5);
        // CE (sum), the three mean spellings (one evaluation), and 2 × CE (mean) train apart.
        String sgd = startSpellings(43, "sgd", 4, FOUR_CE_SPELLINGS, "[\"ce\"]", true, false);
        assertThat(evaluationsOf(sgd)).isEqualTo(3);
        assertThat(jdbc.queryForList(
                        "select expression from candidate where search_id = ?::uuid and not equivalent"
                                + " order by generation, position",
                        String.class,
                        sgd))
                .hasSize(3)
                .last()
                .asString()
                .startsWith("2 *");
    }

    @Test
    void theRejectionProtocolRemovesALossThatScreeningAcceptsButThatCannotLearn() throws Exception {
        registerTrainer();
        // Its gradient is about 1e-11, below Adam's epsilon: screening's checks pass, optimised logits do not move.
        String seeds = "[\"square(sqrt(y) * max(y, p))\", \"-(y * log(p))\"]";
        String on = startSpellings(44, "adam", 2, seeds, "[]", false, true);
        assertThat(jdbc.queryForList(
                        "select status || ':' || coalesce(reason, '') from candidate where search_id = ?::uuid"
                                + " order by position",
                        String.class,
                        on))
                .containsExactly("REJECTED:DOES_NOT_LEARN", "EVALUATING:");
        JsonNode view = json(send("GET", "/api/v1/searches/" + on, null));
        assertThat(view.path("counts").path("doesNotLearn").asInt()).isEqualTo(1);
        assertThat(view.path("counts").path("screenedOut").isEmpty()).isTrue();
        assertThat(stage(view, "rejection").path("removed").asInt()).isEqualTo(1);
        assertThat(stage(view, "screening").path("removed").asInt()).isZero();
        String off = startSpellings(45, "adam", 2, seeds, "[]", false, false);
        assertThat(evaluationsOf(off))
                .as("with the protocol off both are trained")
                .isEqualTo(2);
    }

    /**
     * Reports every running attempt of the search's rung-{@code rung} candidates, with the fitness {@code
     * fitness} gives the lowest position following it, until none of that rung is unfinished.
     */
    private void reportRung(String id, int rung, java.util.function.IntToDoubleFunction fitness) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String result = """
                {"outcome": "SUCCEEDED", "validationAccuracy": %s, "validationLoss": 0.5, "epochs": [], "wallSeconds": %s}""";
        while (jdbc.queryForObject(
                        "select count(*) from candidate where search_id = ?::uuid and rung = ? and generation >= 0"
                                + " and status in ('PENDING', 'EVALUATING')",
                        Integer.class,
                        id,
                        rung)
                > 0) {
            assertThat(System.nanoTime()).as("rung " + rung + " unfinished").isLessThan(deadline);
            for (var row : jdbc.queryForList(
                    "select a.id::text as attempt, min(c.position) as position from attempt a join candidate c"
                            + " on c.evaluation_id = a.evaluation_id where c.search_id = ?::uuid and c.rung = ?"
                            + " and c.generation >= 0 and a.state = 'RUNNING' and a.trainer_url = ? group by a.id",
                    id,
                    rung,
                    trainer.url())) {
                double f = fitness.applyAsDouble(((Number) row.get("position")).intValue());
                String seconds = rung == 0 ? "1.0" : "3.0";
                assertThat(report((String) row.get("attempt"), result.formatted(f, seconds))
                                .statusCode())
                        .isEqualTo(204);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void multiFidelityPromotesTheBestThirdAndSelectionPutsTheHighestRungFirst() throws Exception {
        registerTrainer();
        HttpResponse<String> created = send("POST", "/api/v1/searches", """
                {"task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 900, "seed": 51},
                 "search": {"populationSize": 6, "generations": 2, "seedLosses": ["ce", "ngl"], "baselines": ["ce"],
                            "seed": 9, "stages": {"gradientEquivalence": false, "rejection": false},
                            "fidelity": {"rungs": 2, "eta": 3}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        await("/api/v1/searches/" + id, s -> s.path("counts").path("candidates").asInt() == 7);
        awaitNoPending(id);
        String taskFingerprint =
                jdbc.queryForObject("select task_fingerprint from search where id = ?::uuid", String.class, id);
        // Rung 0 trains on a third of the samples, under its own task fingerprint; the baseline on the full task.
        assertThat(jdbc.queryForList(
                        "select distinct c.rung || ':' || (e.task ->> 'trainSamples') || ':' || (c.task_fingerprint = ?)"
                                + " from candidate c join evaluation e on e.id = c.evaluation_id"
                                + " where c.search_id = ?::uuid order by 1",
                        String.class,
                        taskFingerprint,
                        id))
                .containsExactly("0:300:false", "1:900:true");

        // Rung 0: fitness rises with the position (0.80 + position / 100).
        reportRung(id, 0, position -> 0.80 + position / 100.0);
        List<Integer> succeeded = jdbc.queryForList(
                "select c.position from candidate c join evaluation e on e.id = c.evaluation_id"
                        + " where c.search_id = ?::uuid and c.generation = 0 and c.rung = 0 and e.outcome = 'SUCCEEDED'"
                        + " order by c.position",
                Integer.class,
                id);
        int promoted = (succeeded.size() + 2) / 3;
        List<Integer> best = succeeded.subList(succeeded.size() - promoted, succeeded.size());
        awaitCondition(() -> jdbc.queryForObject(
                        "select count(*) from candidate where search_id = ?::uuid and rung = 1 and generation = 0",
                        Integer.class,
                        id)
                == promoted);
        assertThat(jdbc.queryForList(
                        "select position from candidate where search_id = ?::uuid and rung = 1 and generation = 0"
                                + " order by position",
                        Integer.class,
                        id))
                .as("the best ceil(%d / 3) of rung 0", succeeded.size())
                .isEqualTo(best);

        // Rung 1: far below every rung-0 fitness, and falling with the position. The elite of generation 1
        // must be the best at rung 1 (the lowest promoted position), not the best rung-0 fitness.
        reportRung(id, 1, position -> 0.40 - position / 100.0);
        String ce = awaitAttemptNumber(id, "c.baseline = 'ce'", 1);
        assertThat(report(ce, """
                {"outcome": "SUCCEEDED", "validationAccuracy": 0.5, "validationLoss": 0.5, "epochs": [], "wallSeconds": 3.0}""").statusCode()).isEqualTo(204);
        awaitCondition(() -> jdbc.queryForObject(
                        "select count(*) from candidate where search_id = ?::uuid and generation = 1",
                        Integer.class,
                        id)
                > 0);
        assertThat(jdbc.queryForObject(
                        "select parents[1] from candidate where search_id = ?::uuid and generation = 1 and source = 'ELITE'",
                        Integer.class,
                        id))
                .isEqualTo(best.getFirst());
        JsonNode generations = json(send("GET", "/api/v1/searches/" + id + "/generations", null));
        assertThat(generations.get(0).path("bestFitness").asDouble())
                .as("generation statistics are of the top rung")
                .isCloseTo(0.40 - best.getFirst() / 100.0, org.assertj.core.data.Offset.offset(1e-9));

        // The leaderboard ranks the search's own task only: the promoted losses and the baseline.
        JsonNode board = json(send("GET", "/api/v1/searches/" + id + "/leaderboard?group=none", null));
        assertThat(board).hasSize(promoted + 1);
        assertThat(board.get(0).path("baseline").asString()).isEqualTo("ce");
        JsonNode across = json(send("GET", "/api/v1/leaderboard?dataset=fashion-mnist&model=mlp&limit=1000", null));
        // (each loss once across searches: a seed or baseline may show under another search's better result)
        assertThat(across.valueStream()
                        .filter(r -> r.path("searchId").asString().equals(id)))
                .as("across searches, too, only this search's own task is ranked: no rung-0 fitness (>= 0.80)")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("fitness").asDouble()).isLessThanOrEqualTo(0.5));
        JsonNode view = json(send("GET", "/api/v1/searches/" + id, null));
        assertThat(view.path("best").path("fitness").asDouble()).isLessThan(0.41);
        assertThat(view.path("counts").path("evaluated").asInt())
                .as("each candidate once, where it entered")
                .isEqualTo(succeeded.size() + 1);
        JsonNode rungs = view.path("rungs");
        assertThat(rungs).hasSize(2);
        assertThat(rungs.get(0).path("trainSamples").asInt()).isEqualTo(300);
        assertThat(rungs.get(0).path("candidates").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(rungs.get(0).path("promoted").asInt()).isEqualTo(promoted);
        assertThat(rungs.get(0).path("correlationPairs").asInt()).isEqualTo(promoted);
        assertThat(rungs.get(1).path("trainSamples").asInt()).isEqualTo(900);
        assertThat(rungs.get(1).path("trained").asInt()).isEqualTo(promoted);
        assertThat(rungs.get(1).path("trainerSeconds").asDouble()).isEqualTo(3.0 * promoted);
        JsonNode halving = stage(view, "multi-fidelity");
        assertThat(halving.path("enabled").asBoolean()).isTrue();
        assertThat(halving.path("removed").asInt())
                .as("the successful rung-0 candidates of generation 0 that stopped there")
                .isEqualTo(succeeded.size() - promoted);
        JsonNode listed = json(send("GET", "/api/v1/searches/" + id + "/candidates?generation=0", null));
        assertThat(listed.path("items").valueStream().filter(c -> c.path("rung").asInt() == 1))
                .hasSize(promoted)
                .allSatisfy(c -> assertThat(c.path("fitness").asDouble()).isLessThan(0.41));
        // One finished evaluation per (candidate, rung).
        assertThat(jdbc.queryForObject(
                        "select count(*) from (select generation, position, rung from candidate where search_id = ?::uuid"
                                + " group by 1, 2, 3 having count(*) > 1) d",
                        Integer.class,
                        id))
                .isZero();
        assertThat(send("POST", "/api/v1/searches/" + id + "/cancel", null).statusCode())
                .isEqualTo(202);
    }
}
