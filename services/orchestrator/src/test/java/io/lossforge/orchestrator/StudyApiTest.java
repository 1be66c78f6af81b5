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
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
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
 * Studies over real HTTP on a real (embedded) PostgreSQL with the real schema, dispatched to a stand-in
 * trainer whose results this test posts as a trainer would: every trial goes through the orchestrator's
 * dispatch path (evaluations, attempts), the figures are computed from what was reported, and the report
 * has the paper's shape. Accuracies are chosen so that each verdict has a case.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StudyApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AcceptingTrainer trainer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("orchestrator-study");
        registry.add("lossforge.orchestrator.home", home::toString);
        registry.add("lossforge.orchestrator.dispatch.interval", () -> "50ms");
        registry.add("lossforge.orchestrator.liveness.lost-after", () -> "10m");
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    InternalPort internalPort;

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void stopTrainer() {
        if (trainer != null) {
            trainer.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        boolean internal = path.startsWith("/internal/");
        String credential = internal ? TestCredentials.INTERNAL_TOKEN : TestCredentials.OPERATOR_KEY;
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + (internal ? internalPort.port() : port) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestCredentials.bearer(credential))
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode node = JSON.readTree(send("GET", path, null).body());
            if (done.test(node)) {
                return node;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " did not reach the expected state");
    }

    private synchronized void registerTrainer() throws Exception {
        if (trainer == null) {
            trainer = new AcceptingTrainer();
            HttpResponse<String> registered = send("POST", "/internal/v1/trainers", trainer.registration(256));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        }
    }

    /** Running attempts of the study on the stand-in trainer, each with its trial's (loss, budget, seed). */
    private List<Map<String, Object>> runningAttempts(String study, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "select a.id::text as attempt, t.loss_index, t.budget, t.seed_index from attempt a"
                            + " join study_trial t on t.evaluation_id = a.evaluation_id"
                            + " where t.study_id = ?::uuid and a.state = 'RUNNING' and a.trainer_url = ?",
                    study,
                    trainer.url());
            if (rows.size() >= expected) {
                return rows;
            }
            assertThat(System.nanoTime())
                    .as("only " + rows.size() + " attempts running")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static final String STUDY = """
            {"name": "api study",
             "losses": [{"loss": "poly1"}, {"loss": "ce", "label": "ce+wd", "overrides": {"weightDecay": 0.0005}},
                        {"loss": "-(y * log(p))", "label": "ce-mean", "reduction": "mean"}, {"loss": "focal"}],
             "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1000, "seed": 3}],
             "seeds": 3, "budgets": [1, 2]}
            """;

    /**
     * Test accuracy by loss (request order; ce is added last, as the reference), budget and seed: poly1 is
     * 2 points better than ce on every seed (BETTER both ways), ce+wd 0.1 point better with little spread (SAME
     * both ways), focal 1 point better on average but with ±3 points of seed-to-seed noise (the paper's reading
     * says BETTER, the interval INCONCLUSIVE); ce-mean (ce averaged over classes too) trains like ce.
     */
    private static double accuracy(int loss, int budget, int seed) {
        double ce = 0.80 + 0.01 * seed + 0.02 * (budget - 1);
        return switch (loss) {
            case 0 -> ce + 0.02;
            case 1 -> ce + 0.001 + 0.0002 * seed;
            case 3 -> ce + 0.01 + new double[] {0.03, -0.03, 0.0}[seed];
            default -> ce;
        };
    }

    @Test
    void aStudyTrainsEveryTrialThroughTheDispatchPathAndReportsDeltasWithBothVerdicts() throws Exception {
        registerTrainer();
        HttpResponse<String> created = send("POST", "/api/v1/studies", STUDY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode study = JSON.readTree(created.body());
        String id = study.path("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/studies/" + id);
        assertThat(study.path("state").asString()).isEqualTo("RUNNING");
        assertThat(study.path("reference").asString()).isEqualTo("ce");
        assertThat(study.path("losses").valueStream().map(l -> l.path("label").asString()))
                .containsExactly("poly1", "ce+wd", "ce-mean", "focal", "ce");
        assertThat(study.path("progress").path("trials").asInt()).isEqualTo(5 * 2 * 3);
        assertThat(study.path("evaluateTest").asBoolean()).isTrue();
        // Each trial its own evaluation: ce+wd differs from ce in its task, ce-mean in its reduction.
        assertThat(jdbc.queryForObject(
                        "select count(distinct evaluation_id) from study_trial where study_id = ?::uuid",
                        Integer.class,
                        id))
                .isEqualTo(5 * 2 * 3);
        // Every trial's task: the study's task with the loss's overrides, budget × epochs, seed + s, test on.
        assertThat(jdbc.queryForList(
                        "select distinct (e.task ->> 'epochs') || ',' || (e.task ->> 'seed') || ',' ||"
                                + " (e.task ->> 'weightDecay') || ',' || (e.task ->> 'evaluateTest') from study_trial t"
                                + " join evaluation e on e.id = t.evaluation_id where t.study_id = ?::uuid"
                                + " and t.loss_index = 1",
                        String.class,
                        id))
                .containsExactlyInAnyOrder(
                        "1,3,0.00050,true",
                        "1,4,0.00050,true",
                        "1,5,0.00050,true",
                        "2,3,0.00050,true",
                        "2,4,0.00050,true",
                        "2,5,0.00050,true");

        // Queued reference first, seed by seed: a study cut short still has paired Δs.
        assertThat(jdbc.queryForList(
                        "select t.loss_index || ':' || t.seed_index || ':' || t.budget from study_trial t"
                                + " where t.study_id = ?::uuid order by t.evaluation_id limit 6",
                        String.class,
                        id))
                .containsExactly("4:0:1", "0:0:1", "1:0:1", "2:0:1", "3:0:1", "4:1:1");
        List<Map<String, Object>> attempts = runningAttempts(id, 30);
        for (Map<String, Object> a : attempts) {
            int loss = (Integer) a.get("loss_index");
            double acc = accuracy(loss, (Integer) a.get("budget"), (Integer) a.get("seed_index"));
            int budget = (Integer) a.get("budget");
            int seed = (Integer) a.get("seed_index");
            // The same initial weights per (budget, seed), but focal's seed 1 at budget 1 started elsewhere.
            String checksum = loss == 3 && seed == 1 && budget == 1 ? "other" : "w" + budget + "-" + seed;
            String result = String.format(
                    Locale.ROOT,
                    "{\"outcome\": \"SUCCEEDED\", \"validationAccuracy\": %.4f, \"testAccuracy\": %.4f,"
                            + " \"meanConfidence\": %.2f, \"validationLoss\": 0.5, \"epochs\": [], \"wallSeconds\": 2.0,"
                            + " \"initialWeightsChecksum\": \"%s\"}",
                    acc,
                    acc,
                    0.5 + 0.1 * loss,
                    checksum);
            HttpResponse<String> posted =
                    send("POST", "/internal/v1/trials/" + a.get("attempt") + "/result", trainer.resultReport(result));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
        }

        JsonNode done =
                await("/api/v1/studies/" + id, s -> s.path("state").asString().equals("FINISHED"));
        assertThat(done.path("progress").path("finished").asInt()).isEqualTo(30);
        assertThat(done.path("progress").path("etaSeconds").asDouble()).isZero();
        assertThat(done.path("progress").path("trainerSeconds").asDouble())
                .as("2 seconds per trial")
                .isEqualTo(30 * 2.0);
        JsonNode poly1 = cell(done, "poly1", 1);
        assertThat(poly1.path("delta").asDouble()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(poly1.path("paperVerdict").asString()).isEqualTo("BETTER");
        assertThat(poly1.path("intervalVerdict").asString()).isEqualTo("BETTER");
        assertThat(poly1.path("meanConfidence").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode wd = cell(done, "ce+wd", 2);
        assertThat(wd.path("paperVerdict").asString()).isEqualTo("SAME");
        assertThat(wd.path("intervalVerdict").asString()).isEqualTo("SAME");
        JsonNode focal = cell(done, "focal", 1);
        assertThat(focal.path("paperVerdict").asString()).isEqualTo("BETTER");
        assertThat(focal.path("intervalVerdict").asString()).isEqualTo("INCONCLUSIVE");
        assertThat(focal.path("deltaLow").asDouble()).isLessThan(-0.005);
        assertThat(poly1.path("sameInitialWeights").asBoolean()).isTrue();
        assertThat(focal.path("sameInitialWeights").asBoolean()).isFalse();
        assertThat(cell(done, "focal", 2).path("sameInitialWeights").asBoolean())
                .isTrue();
        assertThat(done.path("warnings").valueStream().map(JsonNode::asString))
                .containsExactly("'focal' on task 0 (budget 1×) did not start from the reference's initial weights for"
                        + " every seed: its Δ is not paired");
        JsonNode ce = cell(done, "ce", 1);
        assertThat(ce.path("meanAccuracy").asDouble()).isCloseTo(0.81, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ce.path("sdAccuracy").asDouble()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ce.path("delta").isNull()).as("the reference has no Δ").isTrue();
        assertThat(cell(done, "ce-mean", 1).path("delta").asDouble()).isZero();

        JsonNode ranking = done.path("rankings")
                .valueStream()
                .filter(r -> r.path("budget").asInt() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(ranking.path("order").get(0).asString()).isEqualTo("poly1");
        assertThat(ranking.path("spearmanToFirstBudget").asDouble()).isEqualTo(1.0);

        HttpResponse<String> markdown = send("GET", "/api/v1/studies/" + id + "/report?format=markdown", null);
        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
        assertThat(markdown.body())
                .contains("| loss | fashion-mnist/mlp 1× | fashion-mnist/mlp 2× |")
                .contains("| `ce` | 81.00 ± 1.00 | 83.00 ± 1.00 |")
                .contains("| `poly1` | +2.00 [+2.00, +2.00] better / better |")
                .contains("better / inconclusive");
        HttpResponse<String> csv = send("GET", "/api/v1/studies/" + id + "/report?format=csv", null);
        assertThat(csv.body().lines()).hasSize(1 + 5 * 2);
        assertThat(csv.body()).contains("\"poly1\",0,\"fashion-mnist/mlp 1×\",1,3,0,0.83000,0.01000,0.02000");
        JsonNode table = JSON.readTree(send("GET", "/api/v1/studies/" + id + "/report?format=json", null)
                .body());
        assertThat(table.path("rows").size()).isEqualTo(5);
        assertThat(table.path("columns").size()).isEqualTo(2);
        assertThat(send("GET", "/api/v1/studies/" + id + "/report?format=pdf", null)
                        .statusCode())
                .isEqualTo(400);

        // A second study of a finished loss and task trains nothing again: its trials follow the evaluations.
        HttpResponse<String> again = send("POST", "/api/v1/studies", """
                {"losses": [{"loss": "poly1"}], "seeds": 2,
                 "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1000, "seed": 3}]}""");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        JsonNode cached = JSON.readTree(again.body());
        assertThat(cached.path("state").asString()).isEqualTo("FINISHED");
        assertThat(cell(cached, "poly1", 1).path("runs").asInt()).isEqualTo(2);
    }

    @Test
    void aCancelledStudyLetsItsTrainingsGoAndAResumeQueuesThemAgain() throws Exception {
        registerTrainer();
        HttpResponse<String> created = send("POST", "/api/v1/studies", """
                {"losses": [{"loss": "sce"}], "seeds": 2,
                 "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 700, "seed": 11}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asString();
        runningAttempts(id, 4);
        HttpResponse<String> cancelled = send("POST", "/api/v1/studies/" + id + "/cancel", null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
        assertThat(JSON.readTree(cancelled.body()).path("state").asString()).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForList(
                        "select distinct e.status from study_trial t join evaluation e on e.id = t.evaluation_id"
                                + " where t.study_id = ?::uuid",
                        String.class,
                        id))
                .containsExactly("ABANDONED");
        assertThat(send("POST", "/api/v1/studies/" + id + "/cancel", null).statusCode())
                .isEqualTo(409);

        HttpResponse<String> resumed = send("POST", "/api/v1/studies/" + id + "/resume", null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(jdbc.queryForList(
                        "select distinct e.status from study_trial t join evaluation e on e.id = t.evaluation_id"
                                + " where t.study_id = ?::uuid",
                        String.class,
                        id))
                .containsExactly("OPEN");
        assertThat(runningAttempts(id, 4)).hasSize(4);
    }

    @Test
    void badStudiesAreRefusedWithEveryProblemNamed() throws Exception {
        HttpResponse<String> refused = send("POST", "/api/v1/studies", """
                {"losses": [{"loss": "ce"}, {"loss": "log(("}, {"loss": "ce"}, {"loss": "0123456789abcdef0123"},
                            {"loss": "poly1", "overrides": {"weightDecay": 3}}],
                 "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "batchSize": 0}], "seeds": 2}""");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(refused.body())
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .contains("losses[1].loss", "losses[2].label", "losses[3].loss", "tasks[0].batchSize");
        HttpResponse<String> overrides = send("POST", "/api/v1/studies", """
                {"losses": [{"loss": "poly1", "overrides": {"weightDecay": 3}}],
                 "tasks": [{"dataset": "fashion-mnist", "model": "mlp"}]}""");
        assertThat(JSON.readTree(overrides.body())
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .as("the request's own index, although ce was added")
                .isEqualTo("losses[0].overrides");
        HttpResponse<String> empty = send("POST", "/api/v1/studies", "{\"losses\": [], \"tasks\": []}");
        assertThat(empty.statusCode()).isEqualTo(400);
        HttpResponse<String> huge = send("POST", "/api/v1/studies", """
                {"losses": [{"loss": "poly1"}, {"loss": "focal"}, {"loss": "sce"}, {"loss": "ngl"}],
                 "tasks": [%s], "seeds": 30, "budgets": [1, 2, 3, 4]}""".formatted(String.join(
                ",", java.util.Collections.nCopies(12, "{\"dataset\": \"fashion-mnist\", \"model\": \"mlp\"}"))));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("at most 5000");
        assertThat(send("GET", "/api/v1/studies/" + java.util.UUID.randomUUID(), null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aSearchWithATransferEndsWithAStudyOfItsBestFamilies() throws Exception {
        registerTrainer();
        HttpResponse<String> created = send("POST", "/api/v1/searches", """
                {"name": "with transfer", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 900, "seed": 5},
                 "search": {"populationSize": 6, "generations": 1, "baselines": ["ce"], "seed": 4},
                 "transfer": {"topK": 2, "seeds": 2, "compareWith": ["ce", "poly1"],
                              "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 600, "seed": 8}]}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String search = JSON.readTree(created.body()).path("id").asString();
        assertThat(JSON.readTree(created.body()).path("transfer").path("topK").asInt())
                .isEqualTo(2);
        // Answer every attempt of the search until it succeeds; fitness differs per evaluation.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!JSON.readTree(send("GET", "/api/v1/searches/" + search, null).body())
                .path("state")
                .asString()
                .equals("SUCCEEDED")) {
            assertThat(System.nanoTime()).as("the search did not succeed").isLessThan(deadline);
            for (Map<String, Object> a : jdbc.queryForList(
                    "select distinct a.id::text as attempt, a.evaluation_id from attempt a join candidate c"
                            + " on c.evaluation_id = a.evaluation_id where c.search_id = ?::uuid and a.state = 'RUNNING'"
                            + " and a.trainer_url = ?",
                    search,
                    trainer.url())) {
                double fitness = 0.5 + 0.01 * (((Number) a.get("evaluation_id")).longValue() % 30);
                send(
                        "POST",
                        "/internal/v1/trials/" + a.get("attempt") + "/result",
                        trainer.resultReport(String.format(
                                Locale.ROOT,
                                "{\"outcome\": \"SUCCEEDED\", \"validationAccuracy\": %.2f, \"validationLoss\": 0.5,"
                                        + " \"epochs\": [], \"wallSeconds\": 1.0}",
                                fitness)));
            }
            Thread.sleep(50);
        }
        JsonNode done = await(
                "/api/v1/searches/" + search, s -> s.path("transferStudyId").isString());
        String study = done.path("transferStudyId").asString();
        JsonNode view =
                JSON.readTree(send("GET", "/api/v1/studies/" + study, null).body());
        JsonNode board = JSON.readTree(
                send("GET", "/api/v1/searches/" + search + "/leaderboard", null).body());
        List<String> bestEvolved = board.valueStream()
                .filter(r -> r.path("baseline").isNull())
                .limit(2)
                .map(r -> r.path("hash").asString())
                .toList();
        assertThat(view.path("losses")
                        .valueStream()
                        .map(l -> l.path("hash").asString())
                        .limit(bestEvolved.size()))
                .as("the search's best evolved losses, in leaderboard order")
                .containsExactlyElementsOf(bestEvolved);
        assertThat(view.path("losses")
                        .valueStream()
                        .map(l -> l.path("label").asString())
                        .skip(bestEvolved.size()))
                .containsExactly("ce", "poly1");
        assertThat(view.path("reference").asString()).isEqualTo("ce");
        assertThat(view.path("tasks").get(0).path("trainSamples").asInt()).isEqualTo(600);
        assertThat(view.path("progress").path("trials").asInt()).isEqualTo((bestEvolved.size() + 2) * 2);
        // Started once: later passes of the study loop find nothing pending.
        Thread.sleep(1_000);
        assertThat(jdbc.queryForObject(
                        "select count(*) from study where name = 'transfer of with transfer'", Integer.class))
                .isEqualTo(1);
    }

    private static JsonNode cell(JsonNode study, String loss, int budget) {
        return study.path("cells")
                .valueStream()
                .filter(c -> c.path("loss").asString().equals(loss)
                        && c.path("budget").asInt() == budget)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cell " + loss + " " + budget));
    }
}
