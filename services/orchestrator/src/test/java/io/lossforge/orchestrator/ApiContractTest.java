package io.lossforge.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.contract.ContractChecks;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.screen.RejectionReason;
import io.lossforge.loss.simplify.LossHash;
import io.lossforge.orchestrator.security.InternalPort;
import io.lossforge.search.SearchSpec;
import io.lossforge.search.Source;
import io.lossforge.task.TaskSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator against the REST contract {@code api-spec/openapi.yaml} (operations with
 * {@code x-service: orchestrator}): every documented operation is mapped, every mapped {@code /api/**}
 * and {@code /internal/**} endpoint is documented, handlers and documented schemas agree, and real
 * requests over HTTP (on the embedded PostgreSQL, without trainers) get documented status codes with
 * documented bodies. Each request presents the credential its operation's {@code x-lossforge-role} names
 * (viewer key, operator key, or the internal token on the internal port), unless the probe is about the
 * credential itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiContractTest {

    private static final String SERVICE = "orchestrator";
    private static final String SERVER = "http://localhost:8080";
    /** Where the spec documents the internal channel (x-lossforge-role internal): its own port. */
    private static final String INTERNAL_SERVER = "http://localhost:8090";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final OpenApiDocument SPEC = OpenApiDocument.load();
    private static final String UNKNOWN = "00000000-0000-0000-0000-000000000000";
    /** The instance id of the stand-in trainer the first search's attempts are leased to. */
    private static final UUID INSTANCE = UUID.randomUUID();
    /** Another trainer process: its reports on those attempts are refused. */
    private static final UUID FOREIGN = UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("orchestrator-contract");
        registry.add("lossforge.orchestrator.home", home::toString);
        registry.add("lossforge.orchestrator.dispatch.interval", () -> "50ms");
        // The stand-in trainer sends no heartbeats: it must not be declared lost during the test.
        registry.add("lossforge.orchestrator.liveness.lost-after", () -> "10m");
        TestCredentials.register(registry);
        // One running search per key, so that a second start shows the documented 429 (the probes start
        // only one search, which is cancelled before it is resumed).
        registry.add("lossforge.orchestrator.limits.running-searches-per-key", () -> "1");
    }

    @LocalServerPort
    int port;

    @Autowired
    InternalPort internalPort;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    JdbcTemplate jdbc;

    /** Ids created by earlier probes, for later ones (dynamic tests run in order on this instance). */
    private String searchId = UNKNOWN;

    private String studyId = UNKNOWN;

    private String trainerId = UNKNOWN;
    private String trialId;
    private AcceptingTrainer trainer;

    /**
     * A request that must get {@code expected}, a status the operation documents. It presents the
     * credential of the operation's role unless {@code headers} name one ({@code Authorization} or {@code
     * X-API-Key}) or it is {@link #anonymous()}.
     */
    record Probe(
            String operation,
            String why,
            Supplier<String> path,
            String body,
            int expected,
            Map<String, String> headers,
            Consumer<JsonNode> then,
            boolean withoutCredential) {

        Probe(String operation, String why, Supplier<String> path, String body, int expected) {
            this(operation, why, path, body, expected, Map.of(), json -> {}, false);
        }

        Probe header(String name, String value) {
            return new Probe(operation, why, path, body, expected, Map.of(name, value), then, withoutCredential);
        }

        Probe then(Consumer<JsonNode> next) {
            return new Probe(operation, why, path, body, expected, headers, next, withoutCredential);
        }

        /** Without any credential. */
        Probe anonymous() {
            return new Probe(operation, why, path, body, expected, headers, then, true);
        }

        boolean namesItsCredential() {
            return withoutCredential || headers.containsKey("Authorization") || headers.containsKey("X-API-Key");
        }

        String method() {
            return operation.substring(0, operation.indexOf(' '));
        }

        @Override
        public String toString() {
            return operation + " — " + why + " → " + expected;
        }
    }

    private static Probe probe(String operation, String why, String path, String body, int expected) {
        return new Probe(operation, why, () -> path, body, expected);
    }

    private static final String SEARCH = """
            {"name": "contract", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 100,
             "validationSamples": 50, "seed": 1}, "search": {"populationSize": 3, "generations": 2, "seedLosses": ["ce"]}}""";

    private static final String STUDY = """
            {"name": "contract", "losses": [{"loss": "poly1"}, {"loss": "ce", "label": "ce+l2",
             "overrides": {"weightDecay": 0.0005}}], "seeds": 2,
             "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 100, "validationSamples": 50}]}""";

    /** A result report ({@code TrialResultCallback}) on trial {@code %s} from the stand-in trainer. */
    private static final String RESULT = """
            {"trialId": "%s", "instanceId": "INSTANCE", "result": {"outcome": "SUCCEEDED", "validationAccuracy": 0.5, "validationLoss": 1.2,
             "testAccuracy": null, "meanConfidence": 0.4, "epochs": [{"epoch": 1, "trainLoss": 2.0,
             "validationAccuracy": 0.5, "imagesPerSecond": 100.0, "seconds": 1.0}], "imagesPerSecond": 100.0,
             "wallSeconds": 1.5, "message": null}}""".replace("INSTANCE", INSTANCE.toString());

    private static final String PROGRESS = """
            {"trialId": "%s", "instanceId": "INSTANCE", "epoch": {"epoch": 1, "trainLoss": 2.0, "validationAccuracy": 0.5,
             "imagesPerSecond": 100.0, "seconds": 1.0}}""".replace("INSTANCE", INSTANCE.toString());

    /** At least one request per documented operation, in an order where later ones use earlier ids. */
    private List<Probe> probes() {
        String ngl = LossHash.of(LossCatalog.find("ngl").orElseThrow().loss());
        return List.of(
                probe("POST /api/v1/searches", "a valid search", "/api/v1/searches", SEARCH, 201)
                        .then(json -> {
                            searchId = json.path("id").asString();
                            assertThat(json.path("createdBy").asString()).isEqualTo("test-operator");
                        }),
                probe(
                        "POST /api/v1/searches",
                        "a second search while the key's one allowed search runs",
                        "/api/v1/searches",
                        SEARCH,
                        429),
                probe("POST /api/v1/searches", "no API key", "/api/v1/searches", SEARCH, 401)
                        .anonymous(),
                probe("POST /api/v1/searches", "a key that is not configured", "/api/v1/searches", SEARCH, 401)
                        .header("Authorization", TestCredentials.bearer("lf_not-a-configured-key-0000000000000000")),
                probe("POST /api/v1/searches", "a viewer key", "/api/v1/searches", SEARCH, 403)
                        .header("Authorization", TestCredentials.bearer(TestCredentials.VIEWER_KEY)),
                probe("POST /api/v1/searches", "broken task and search limits", "/api/v1/searches", """
                        {"task": {"dataset": "fashion-mnist", "model": "mlp", "epochs": 0}, "search": {"populationSize": 1}}""", 400),
                probe("POST /api/v1/searches", "no task", "/api/v1/searches", "{}", 400),
                probe("POST /api/v1/searches", "unreadable JSON", "/api/v1/searches", "{\"task\": ", 400),
                probe("GET /api/v1/searches", "a page of searches", "/api/v1/searches?page=0&size=5", null, 200),
                probe("GET /api/v1/searches", "the viewer key as X-API-Key", "/api/v1/searches", null, 200)
                        .header("X-API-Key", TestCredentials.VIEWER_KEY),
                probe("GET /api/v1/searches", "no API key", "/api/v1/searches", null, 401)
                        .anonymous(),
                probe("GET /api/v1/searches", "a page size out of range", "/api/v1/searches?size=0", null, 400),
                new Probe(
                        "GET /api/v1/searches/{id}", "the new search", () -> "/api/v1/searches/" + searchId, null, 200),
                probe("GET /api/v1/searches/{id}", "an unknown search", "/api/v1/searches/" + UNKNOWN, null, 404),
                probe("GET /api/v1/searches/{id}", "an id that is no UUID", "/api/v1/searches/abc", null, 400),
                new Probe(
                        "GET /api/v1/searches/{id}/generations",
                        "the new search",
                        () -> "/api/v1/searches/" + searchId + "/generations",
                        null,
                        200),
                probe(
                        "GET /api/v1/searches/{id}/generations",
                        "an unknown search",
                        "/api/v1/searches/" + UNKNOWN + "/generations",
                        null,
                        404),
                new Probe(
                        "GET /api/v1/searches/{id}/candidates",
                        "the new search",
                        () -> "/api/v1/searches/" + searchId + "/candidates",
                        null,
                        200),
                new Probe(
                        "GET /api/v1/searches/{id}/candidates",
                        "one generation, a small page",
                        () -> "/api/v1/searches/" + searchId + "/candidates?generation=0&size=2",
                        null,
                        200),
                new Probe(
                        "GET /api/v1/searches/{id}/candidates",
                        "a page size out of range",
                        () -> "/api/v1/searches/" + searchId + "/candidates?size=0",
                        null,
                        400),
                probe(
                        "GET /api/v1/searches/{id}/candidates",
                        "an unknown search",
                        "/api/v1/searches/" + UNKNOWN + "/candidates",
                        null,
                        404),
                new Probe(
                        "GET /api/v1/searches/{id}/hall-of-fame",
                        "the new search",
                        () -> "/api/v1/searches/" + searchId + "/hall-of-fame",
                        null,
                        200),
                probe(
                        "GET /api/v1/searches/{id}/hall-of-fame",
                        "an unknown search",
                        "/api/v1/searches/" + UNKNOWN + "/hall-of-fame",
                        null,
                        404),
                probe(
                        "GET /api/v1/searches/{id}/hall-of-fame",
                        "an id that is no UUID",
                        "/api/v1/searches/abc/hall-of-fame",
                        null,
                        400),
                new Probe(
                        "GET /api/v1/searches/{id}/leaderboard",
                        "grouped by nothing",
                        () -> "/api/v1/searches/" + searchId + "/leaderboard?group=none",
                        null,
                        200),
                new Probe(
                        "GET /api/v1/searches/{id}/leaderboard",
                        "the new search",
                        () -> "/api/v1/searches/" + searchId + "/leaderboard?limit=5",
                        null,
                        200),
                new Probe(
                        "GET /api/v1/searches/{id}/leaderboard",
                        "a limit out of range",
                        () -> "/api/v1/searches/" + searchId + "/leaderboard?limit=0",
                        null,
                        400),
                probe(
                        "GET /api/v1/searches/{id}/leaderboard",
                        "an unknown search",
                        "/api/v1/searches/" + UNKNOWN + "/leaderboard",
                        null,
                        404),
                probe(
                        "GET /api/v1/leaderboard",
                        "a dataset and model",
                        "/api/v1/leaderboard?dataset=fashion-mnist&model=mlp",
                        null,
                        200),
                probe("GET /api/v1/leaderboard", "no dataset", "/api/v1/leaderboard?model=mlp", null, 400),
                probe(
                        "GET /api/v1/leaderboard",
                        "a blank dataset",
                        "/api/v1/leaderboard?dataset=&model=mlp",
                        null,
                        400),
                new Probe(
                        "POST /internal/v1/trials/{id}/progress",
                        "a trial of the new search",
                        () -> "/internal/v1/trials/" + trialId() + "/progress",
                        PROGRESS.formatted("t"),
                        204),
                new Probe(
                        "POST /internal/v1/trials/{id}/progress",
                        "from a trainer the trial was not leased to",
                        () -> "/internal/v1/trials/" + trialId() + "/progress",
                        PROGRESS.formatted("t").replace(INSTANCE.toString(), FOREIGN.toString()),
                        403),
                new Probe(
                                "POST /internal/v1/trials/{id}/progress",
                                "without the internal token",
                                () -> "/internal/v1/trials/" + trialId() + "/progress",
                                PROGRESS.formatted("t"),
                                401)
                        .anonymous(),
                probe(
                        "POST /internal/v1/trials/{id}/progress",
                        "an unknown trial",
                        "/internal/v1/trials/nope/progress",
                        PROGRESS.formatted("nope"),
                        404),
                probe(
                        "POST /internal/v1/trials/{id}/progress",
                        "no body",
                        "/internal/v1/trials/nope/progress",
                        null,
                        400),
                new Probe(
                        "POST /internal/v1/trials/{id}/result",
                        "another trial's id in the body",
                        () -> "/internal/v1/trials/" + trialId() + "/result",
                        RESULT.formatted("t"),
                        400),
                new Probe(
                        "POST /internal/v1/trials/{id}/result",
                        "from a trainer the trial was not leased to",
                        () -> "/internal/v1/trials/" + trialId() + "/result",
                        RESULT.replace("\"trialId\": \"%s\", ", "").replace(INSTANCE.toString(), FOREIGN.toString()),
                        403),
                new Probe(
                                "POST /internal/v1/trials/{id}/result",
                                "an API key instead of the internal token",
                                () -> "/internal/v1/trials/" + trialId() + "/result",
                                RESULT.replace("\"trialId\": \"%s\", ", ""),
                                401)
                        .header("Authorization", TestCredentials.bearer(TestCredentials.OPERATOR_KEY)),
                new Probe(
                        "POST /internal/v1/trials/{id}/result",
                        "a trial of the new search, without trialId",
                        () -> "/internal/v1/trials/" + trialId() + "/result",
                        RESULT.replace("\"trialId\": \"%s\", ", ""),
                        204),
                probe(
                        "POST /internal/v1/trials/{id}/result",
                        "an unknown trial",
                        "/internal/v1/trials/nope/result",
                        RESULT.formatted("nope"),
                        404),
                probe(
                        "POST /internal/v1/trials/{id}/result",
                        "no result",
                        "/internal/v1/trials/nope/result",
                        "{\"trialId\": \"nope\", \"instanceId\": \"" + INSTANCE + "\"}",
                        400),
                new Probe(
                        "POST /api/v1/searches/{id}/cancel",
                        "the running search",
                        () -> "/api/v1/searches/" + searchId + "/cancel",
                        null,
                        202),
                new Probe(
                        "POST /api/v1/searches/{id}/cancel",
                        "the search again, now ended",
                        () -> "/api/v1/searches/" + searchId + "/cancel",
                        null,
                        409),
                probe(
                        "POST /api/v1/searches/{id}/cancel",
                        "an unknown search",
                        "/api/v1/searches/" + UNKNOWN + "/cancel",
                        null,
                        404),
                probe(
                        "POST /api/v1/searches/{id}/cancel",
                        "an id that is no UUID",
                        "/api/v1/searches/abc/cancel",
                        null,
                        400),
                new Probe(
                                "POST /api/v1/searches/{id}/resume",
                                "the cancelled search, without a body",
                                () -> "/api/v1/searches/" + searchId + "/resume",
                                null,
                                200)
                        .then(json -> assertThat(json.path("state").asString()).isEqualTo("RUNNING")),
                new Probe(
                        "POST /api/v1/searches/{id}/resume",
                        "the search again, now running",
                        () -> "/api/v1/searches/" + searchId + "/resume",
                        "{}",
                        409),
                new Probe(
                        "POST /api/v1/searches/{id}/resume",
                        "no generations to add",
                        () -> "/api/v1/searches/" + searchId + "/resume",
                        "{\"generations\": 0}",
                        400),
                probe(
                        "POST /api/v1/searches/{id}/resume",
                        "an unknown search",
                        "/api/v1/searches/" + UNKNOWN + "/resume",
                        "{\"generations\": 2}",
                        404),
                new Probe(
                        "POST /api/v1/searches/{id}/cancel",
                        "the resumed search",
                        () -> "/api/v1/searches/" + searchId + "/cancel",
                        null,
                        202),
                probe(
                        "POST /api/v1/losses/evaluate",
                        "cross-entropy on two samples",
                        "/api/v1/losses/evaluate",
                        """
                        {"expression": "ce", "logits": [[1, 2, 3], [0, 0, 1]], "labels": [2, 0]}""",
                        200),
                probe("POST /api/v1/losses/evaluate", "an overflowing loss", "/api/v1/losses/evaluate", """
                        {"expression": "exp(1000 * p) * y", "reduction": "sum", "logits": [[1, 2]], "labels": [0]}""", 200),
                probe(
                        "POST /api/v1/losses/evaluate",
                        "an expression that does not parse",
                        "/api/v1/losses/evaluate",
                        """
                        {"expression": "exp(p", "logits": [[1, 2]], "labels": [0]}""",
                        400),
                probe(
                        "POST /api/v1/losses/evaluate",
                        "a label outside the classes",
                        "/api/v1/losses/evaluate",
                        """
                        {"expression": "ce", "logits": [[1, 2]], "labels": [5]}""",
                        400),
                probe(
                        "POST /api/v1/losses/evaluate",
                        "fields breaking their annotations",
                        "/api/v1/losses/evaluate",
                        """
                        {"expression": "", "reduction": "max", "logits": []}""",
                        400),
                probe(
                        "POST /api/v1/losses/evaluate",
                        "a body over the 1 MB limit",
                        "/api/v1/losses/evaluate",
                        "{\"expression\": \"ce\", \"logits\": [[" + "0, ".repeat(400_000) + "0]], \"labels\": [0]}",
                        413),
                probe(
                        "POST /api/v1/losses/screen",
                        "a catalog loss",
                        "/api/v1/losses/screen",
                        "{\"expression\": \"ngl\"}",
                        200),
                probe(
                        "POST /api/v1/losses/screen",
                        "a loss without y",
                        "/api/v1/losses/screen",
                        "{\"expression\": \"p\", \"reduction\": \"sum\"}",
                        200),
                probe(
                        "POST /api/v1/losses/screen",
                        "an expression that does not parse",
                        "/api/v1/losses/screen",
                        "{\"expression\": \"p +\"}",
                        400),
                probe("POST /api/v1/losses/screen", "no expression", "/api/v1/losses/screen", "{}", 400),
                probe(
                        "GET /api/v1/losses/{hash}/export",
                        "a catalog loss as infix",
                        "/api/v1/losses/" + ngl + "/export",
                        null,
                        200),
                probe(
                                "GET /api/v1/losses/{hash}/export",
                                "a catalog loss for PyTorch",
                                "/api/v1/losses/" + ngl + "/export?format=pytorch",
                                null,
                                200)
                        .header("Accept", "text/plain"),
                probe(
                        "GET /api/v1/losses/{hash}/export",
                        "an unknown format",
                        "/api/v1/losses/" + ngl + "/export?format=xml",
                        null,
                        400),
                probe(
                        "GET /api/v1/losses/{hash}/export",
                        "an unknown hash",
                        "/api/v1/losses/0000000000000000/export",
                        null,
                        404),
                probe(
                                "GET /api/v1/losses/{hash}/export",
                                "only JSON accepted",
                                "/api/v1/losses/" + ngl + "/export",
                                null,
                                406)
                        .header("Accept", "application/json"),
                probe("POST /api/v1/studies", "a valid study", "/api/v1/studies", STUDY, 201)
                        .then(json -> studyId = json.path("id").asString()),
                probe("POST /api/v1/studies", "a viewer key", "/api/v1/studies", STUDY, 403)
                        .header("Authorization", TestCredentials.bearer(TestCredentials.VIEWER_KEY)),
                probe("POST /api/v1/studies", "no API key", "/api/v1/studies", STUDY, 401)
                        .anonymous(),
                probe("POST /api/v1/studies", "an unknown loss and a broken task", "/api/v1/studies", """
                        {"losses": [{"loss": "nope(("}], "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "epochs": 0}]}""", 400),
                probe("POST /api/v1/studies", "no losses", "/api/v1/studies", "{\"tasks\": []}", 400),
                probe("GET /api/v1/studies", "a page of studies", "/api/v1/studies?page=0&size=5", null, 200),
                probe("GET /api/v1/studies", "no API key", "/api/v1/studies", null, 401)
                        .anonymous(),
                probe("GET /api/v1/studies", "a page size out of range", "/api/v1/studies?size=0", null, 400),
                new Probe("GET /api/v1/studies/{id}", "the new study", () -> "/api/v1/studies/" + studyId, null, 200),
                probe("GET /api/v1/studies/{id}", "an unknown study", "/api/v1/studies/" + UNKNOWN, null, 404),
                probe("GET /api/v1/studies/{id}", "an id that is no UUID", "/api/v1/studies/abc", null, 400),
                new Probe(
                        "GET /api/v1/studies/{id}/report",
                        "the new study as JSON",
                        () -> "/api/v1/studies/" + studyId + "/report?format=json",
                        null,
                        200),
                new Probe(
                        "GET /api/v1/studies/{id}/report",
                        "an unknown format",
                        () -> "/api/v1/studies/" + studyId + "/report?format=pdf",
                        null,
                        400),
                probe(
                        "GET /api/v1/studies/{id}/report",
                        "an unknown study",
                        "/api/v1/studies/" + UNKNOWN + "/report?format=json",
                        null,
                        404),
                new Probe(
                        "POST /api/v1/studies/{id}/resume",
                        "a running study",
                        () -> "/api/v1/studies/" + studyId + "/resume",
                        null,
                        409),
                new Probe(
                        "POST /api/v1/studies/{id}/cancel",
                        "the running study",
                        () -> "/api/v1/studies/" + studyId + "/cancel",
                        null,
                        202),
                new Probe(
                        "POST /api/v1/studies/{id}/cancel",
                        "a cancelled study",
                        () -> "/api/v1/studies/" + studyId + "/cancel",
                        null,
                        409),
                new Probe(
                        "POST /api/v1/studies/{id}/resume",
                        "the cancelled study",
                        () -> "/api/v1/studies/" + studyId + "/resume",
                        null,
                        200),
                probe(
                        "POST /api/v1/studies/{id}/cancel",
                        "an unknown study",
                        "/api/v1/studies/" + UNKNOWN + "/cancel",
                        null,
                        404),
                probe(
                        "POST /api/v1/studies/{id}/resume",
                        "an unknown study",
                        "/api/v1/studies/" + UNKNOWN + "/resume",
                        null,
                        404),
                probe("GET /api/v1/trainers", "the trainers", "/api/v1/trainers", null, 200),
                probe(
                                "POST /internal/v1/trainers",
                                "a trainer at a closed port",
                                "/internal/v1/trainers",
                                "{\"url\": \"http://127.0.0.1:1/\", \"slots\": 2}",
                                201)
                        .then(json -> trainerId = json.path("id").asString()),
                probe(
                                "POST /internal/v1/trainers",
                                "a wrong token",
                                "/internal/v1/trainers",
                                "{\"url\": \"http://127.0.0.1:1/\", \"slots\": 2}",
                                401)
                        .header("Authorization", TestCredentials.bearer("not-the-internal-token-000000000000000")),
                probe(
                        "POST /internal/v1/trainers",
                        "an ftp URL and no slots",
                        "/internal/v1/trainers",
                        "{\"url\": \"ftp://x\"}",
                        400),
                new Probe(
                        "POST /internal/v1/trainers/{id}/heartbeat",
                        "the registered trainer, round-1 style without a body",
                        () -> "/internal/v1/trainers/" + trainerId + "/heartbeat",
                        null,
                        200),
                new Probe(
                                "POST /internal/v1/trainers/{id}/heartbeat",
                                "a heartbeat listing an attempt the orchestrator does not know",
                                () -> "/internal/v1/trainers/" + trainerId + "/heartbeat",
                                """
                                {"instanceId": "6f1c9a52-7d7e-4a58-9c2b-3f1e2d4c5b6a", "slots": 2, "draining": false,
                                 "attempts": [{"attemptId": "elsewhere", "state": "RUNNING", "phase": "TRAINING",
                                 "progress": 3, "batchesDone": 3, "batchesTotal": 10, "epoch": 1}]}""",
                                200)
                        .then(json -> assertThat(
                                        json.path("cancel").valueStream().map(JsonNode::asString))
                                .containsExactly("elsewhere")),
                new Probe(
                        "POST /internal/v1/trainers/{id}/heartbeat",
                        "an attempt without its state",
                        () -> "/internal/v1/trainers/" + trainerId + "/heartbeat",
                        """
                        {"instanceId": "6f1c9a52-7d7e-4a58-9c2b-3f1e2d4c5b6a", "slots": 2, "draining": false,
                         "attempts": [{"attemptId": "x"}]}""",
                        400),
                probe(
                        "POST /internal/v1/trainers/{id}/heartbeat",
                        "an unknown trainer",
                        "/internal/v1/trainers/" + UNKNOWN + "/heartbeat",
                        null,
                        404),
                probe(
                        "POST /internal/v1/trainers/{id}/heartbeat",
                        "an id that is no UUID",
                        "/internal/v1/trainers/abc/heartbeat",
                        null,
                        400),
                new Probe(
                        "DELETE /internal/v1/trainers/{id}",
                        "the registered trainer shuts down",
                        () -> "/internal/v1/trainers/" + trainerId,
                        null,
                        204),
                probe(
                        "DELETE /internal/v1/trainers/{id}",
                        "an unknown trainer",
                        "/internal/v1/trainers/" + UNKNOWN,
                        null,
                        404),
                probe(
                        "DELETE /internal/v1/trainers/{id}",
                        "an id that is no UUID",
                        "/internal/v1/trainers/abc",
                        null,
                        400));
    }

    /** An attempt the dispatcher sent (to a stand-in trainer) for the search created by the first probe. */
    private String trialId() {
        assertThat(searchId).as("the search of the first probe").isNotEqualTo(UNKNOWN);
        if (trainer == null) {
            try {
                trainer = new AcceptingTrainer(INSTANCE);
                HttpResponse<String> registered = HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + internalPort.port() + "/internal/v1/trainers"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN))
                                .POST(HttpRequest.BodyPublishers.ofString(trainer.registration(64)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (trialId == null) {
            List<String> ids = jdbc.queryForList("""
                    select a.id::text from attempt a join candidate c on c.evaluation_id = a.evaluation_id
                    where c.search_id = ?::uuid order by a.claimed_at limit 1""", String.class, searchId);
            if (!ids.isEmpty()) {
                trialId = ids.getFirst();
            } else {
                assertThat(System.nanoTime())
                        .as("no trial queued for search " + searchId + " within 30 s")
                        .isLessThan(deadline);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return trialId;
    }

    // ───────────────────────── the document ─────────────────────────

    @Test
    void everyOperationNamesItsServiceAndThisServiceIsWellDescribed() {
        assertThat(SPEC.operations(SERVICE))
                .as("operations with x-service: " + SERVICE)
                .isNotEmpty();
        assertThat(ContractChecks.documentFindings(SPEC, SERVICE, ApiContractTest::serverOf))
                .isEmpty();
    }

    /** The server the spec must name for {@code op}: the internal channel has its own port. */
    static String serverOf(OpenApiDocument.Operation op) {
        return "internal".equals(op.definition().get("x-lossforge-role")) ? INTERNAL_SERVER : SERVER;
    }

    /**
     * Every problem type the services answer with (the new ones of the security design too: unauthorized,
     * forbidden, payload-too-large, unsupported-media-type, too-many-searches) is a documented problem
     * schema whose {@code type} is that URI (but internal-error, which the spec describes once for every
     * operation), and is in the description's table of problem types with its status.
     */
    @Test
    void everyProblemTypeIsDocumented() {
        List<Object> documented = new ArrayList<>();
        OpenApiDocument.map(OpenApiDocument.map(SPEC.root().get("components")).get("schemas"))
                .forEach((name, schema) -> {
                    if (OpenApiDocument.map(schema).get("allOf") instanceof List<?> parts) {
                        for (Object part : parts) {
                            if (OpenApiDocument.map(part).get("properties") instanceof Map<?, ?> properties
                                    && properties.get("type") instanceof Map<?, ?> type) {
                                documented.add(type.get("const"));
                            }
                        }
                    }
                });
        String description =
                String.valueOf(OpenApiDocument.map(SPEC.root().get("info")).get("description"));
        assertThat(io.lossforge.api.problem.ProblemType.values()).allSatisfy(type -> {
            // internal-error alone has no schema: the spec says it applies to every operation, not repeated.
            if (type != io.lossforge.api.problem.ProblemType.INTERNAL_ERROR) {
                assertThat(documented).as("problem schemas").contains(type.uri().toString());
            }
            assertThat(description).as("the problem table").contains("| `" + type.kind() + "` | " + type.status());
        });
    }

    @Test
    void documentedTaskAndSearchLimitsAreThoseOfTheCode() {
        assertBounds("TaskSpec", "trainSamples", 1, TaskSpec.MAX_TRAIN_SAMPLES, TaskSpec.DEFAULT_TRAIN_SAMPLES);
        assertBounds(
                "TaskSpec",
                "validationSamples",
                1,
                TaskSpec.MAX_VALIDATION_SAMPLES,
                TaskSpec.DEFAULT_VALIDATION_SAMPLES);
        assertBounds("TaskSpec", "epochs", 1, TaskSpec.MAX_EPOCHS, TaskSpec.DEFAULT_EPOCHS);
        assertBounds(
                "ResumeRequest", "generations", 1, io.lossforge.api.search.ResumeRequest.MAX_EXTRA_GENERATIONS, null);
        assertBounds("TaskSpec", "steps", 1, TaskSpec.MAX_STEPS, null);
        assertBounds("TaskSpec", "batchSize", 1, TaskSpec.MAX_BATCH_SIZE, TaskSpec.DEFAULT_BATCH_SIZE);
        assertBounds("TaskSpec", "samplesPerClass", 1, TaskSpec.MAX_SAMPLES_PER_CLASS, null);
        assertThat(SPEC.property("TaskSpec", "optimizer"))
                .containsEntry("enum", TaskSpec.OPTIMIZERS)
                .containsEntry("default", TaskSpec.DEFAULT_OPTIMIZER);
        assertThat(SPEC.property("TaskSpec", "learningRate"))
                .containsEntry("exclusiveMinimum", 0)
                .containsEntry("maximum", (int) TaskSpec.MAX_LEARNING_RATE)
                .containsEntry("default", TaskSpec.DEFAULT_LEARNING_RATE);
        assertThat(SPEC.property("TaskSpec", "momentum")).containsEntry("default", TaskSpec.DEFAULT_MOMENTUM);

        assertBounds(
                "SearchSpec",
                "populationSize",
                SearchSpec.MIN_POPULATION_SIZE,
                SearchSpec.MAX_POPULATION_SIZE,
                SearchSpec.DEFAULT_POPULATION_SIZE);
        assertBounds("SearchSpec", "generations", 1, SearchSpec.MAX_GENERATIONS, SearchSpec.DEFAULT_GENERATIONS);
        assertBounds(
                "SearchFidelity",
                "rungs",
                1,
                io.lossforge.search.Fidelity.MAX_RUNGS,
                io.lossforge.search.Fidelity.DEFAULT_RUNGS);
        assertThat(SPEC.property("StageSavings", "stage").get("enum"))
                .as("the stage names, defined once in StageSavings")
                .isEqualTo(io.lossforge.api.search.StageSavings.STAGES);
        assertBounds(
                "SearchFidelity",
                "eta",
                io.lossforge.search.Fidelity.MIN_ETA,
                io.lossforge.search.Fidelity.MAX_ETA,
                io.lossforge.search.Fidelity.DEFAULT_ETA);
        assertBounds(
                "SearchIslands",
                "migrationInterval",
                1,
                SearchSpec.MAX_GENERATIONS,
                io.lossforge.search.Islands.DEFAULT_MIGRATION_INTERVAL);
        assertBounds(
                "SearchSpec",
                "maxDepth",
                SearchSpec.MIN_MAX_DEPTH,
                ExpressionLimits.MAX_DEPTH,
                SearchSpec.DEFAULT_MAX_DEPTH);
        assertBounds(
                "SearchSpec",
                "maxNodes",
                SearchSpec.MIN_MAX_NODES,
                ExpressionLimits.MAX_NODES,
                SearchSpec.DEFAULT_MAX_NODES);
        assertThat(SPEC.property("SearchSpec", "crossoverRate"))
                .containsEntry("default", SearchSpec.DEFAULT_CROSSOVER_RATE);
        assertThat(SPEC.property("SearchSpec", "mutationRate"))
                .containsEntry("default", SearchSpec.DEFAULT_MUTATION_RATE);
        assertThat(SPEC.property("SearchSpec", "tournamentSize"))
                .containsEntry("default", SearchSpec.DEFAULT_TOURNAMENT_SIZE);
        assertThat(SPEC.property("SearchSpec", "elitism")).containsEntry("default", SearchSpec.DEFAULT_ELITISM);
        assertThat(SPEC.property("SearchSpec", "baselines")).containsEntry("default", SearchSpec.DEFAULT_BASELINES);

        String catalog = String.valueOf(SPEC.schema("SearchSpec").get("description"));
        assertThat(LossCatalog.entries())
                .allSatisfy(entry -> assertThat(catalog).contains("`" + entry.name() + "`"));
        List<String> reasons =
                Arrays.stream(RejectionReason.values()).map(Enum::name).toList();
        assertThat(OpenApiDocument.map(
                                SPEC.property("SearchCounts", "screenedOut").get("propertyNames"))
                        .get("enum"))
                .isEqualTo(reasons);
        assertThat(SPEC.property("ScreenResponse", "reason").get("enum")).isEqualTo(reasons);
        List<String> sources =
                new ArrayList<>(Arrays.stream(Source.values()).map(Enum::name).toList());
        sources.add("BASELINE");
        assertThat(SPEC.property("LeaderboardRow", "source").get("enum")).isEqualTo(sources);
    }

    private static void assertBounds(String schema, String field, int min, int max, Integer defaultValue) {
        Map<String, Object> property = SPEC.property(schema, field);
        assertThat(property)
                .as(schema + "." + field)
                .containsEntry("minimum", min)
                .containsEntry("maximum", max);
        if (defaultValue != null) {
            assertThat(property).as(schema + "." + field).containsEntry("default", defaultValue);
        }
    }

    // ───────────────────────── the application ─────────────────────────

    private Map<String, Map.Entry<RequestMappingInfo, HandlerMethod>> mappedEndpoints() {
        return ContractChecks.mappedEndpoints(handlerMapping);
    }

    @Test
    void everyDocumentedOperationIsMapped() {
        assertThat(mappedEndpoints().keySet())
                .as("mapped endpoints")
                .containsAll(ContractChecks.operationKeys(SPEC, SERVICE));
    }

    @Test
    void everyMappedEndpointIsDocumented() {
        List<String> documented = ContractChecks.operationKeys(SPEC, SERVICE);
        assertThat(mappedEndpoints()).as("mapped endpoints").isNotEmpty();
        assertThat(documented)
                .as("operations documented with x-service: " + SERVICE)
                .containsAll(mappedEndpoints().keySet());
    }

    @Test
    void handlersAgreeWithTheDocumentedParametersBodiesAndSchemas() {
        assertThat(ContractChecks.handlerFindings(SPEC, SERVICE, mappedEndpoints()))
                .isEmpty();
    }

    @Test
    void everyDocumentedOperationIsProbed() {
        assertThat(probes().stream().map(Probe::operation).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(ContractChecks.operationKeys(SPEC, SERVICE));
    }

    @TestFactory
    Stream<DynamicTest> documentedStatusCodesAreReal() {
        return probes().stream().map(probe -> DynamicTest.dynamicTest(probe.toString(), () -> check(probe)));
    }

    private void check(Probe probe) throws Exception {
        OpenApiDocument.Operation op = SPEC.operations(SERVICE).stream()
                .filter(o -> o.key().equals(probe.operation()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(probe.operation() + " is not documented"));
        String path = probe.path().get();
        assertThat(path.replaceAll("\\?.*", ""))
                .as("probe path fits the template")
                .matches(op.path().replaceAll("\\{[^/]+}", "[^/]+"));
        assertThat(SPEC.responses(op).keySet())
                .as("documented responses of " + op.key())
                .contains(Integer.toString(probe.expected()));
        if (probe.expected() < 300 && probe.body() != null) {
            assertThat(ContractChecks.requestFindings(SPEC, op, probe.body()))
                    .as("an accepted body fits the document")
                    .isEmpty();
        }

        Map<String, String> headers = new java.util.LinkedHashMap<>(probe.headers());
        Object role = op.definition().get("x-lossforge-role");
        if (!probe.namesItsCredential()) {
            headers.put("Authorization", TestCredentials.bearer(credentialOf(role)));
        }
        int target = "internal".equals(role) ? internalPort.port() : port;
        HttpResponse<String> response = send(target, probe.method(), path, probe.body(), headers);
        assertThat(response.statusCode()).as(probe + ": " + response.body()).isEqualTo(probe.expected());
        JsonNode body = ContractChecks.body(response);
        if (body != null) {
            probe.then().accept(body);
        }
        assertThat(ContractChecks.responseFindings(SPEC, op, response))
                .as(response.body())
                .isEmpty();
    }

    @Test
    void documentedOperationalEndpointsAnswer() throws Exception {
        List<String> paths = ContractChecks.operationalPaths(SPEC, SERVICE);
        assertThat(paths).contains("/actuator/health", "/actuator/prometheus");
        for (String path : paths) {
            // Health is open (on both ports: probes may use either); the metrics need the scrape token.
            Map<String, String> headers = path.startsWith("/actuator/health")
                    ? Map.of()
                    : Map.of("Authorization", TestCredentials.bearer(TestCredentials.SCRAPE_TOKEN));
            assertThat(send(port, "GET", path, null, headers).statusCode())
                    .as(path)
                    .isEqualTo(200);
            if (headers.isEmpty()) {
                assertThat(send(internalPort.port(), "GET", path, null, headers).statusCode())
                        .as(path + " on the internal port")
                        .isEqualTo(200);
            }
        }
    }

    /** The secret a caller of an operation of {@code role} presents. */
    private static String credentialOf(Object role) {
        return switch (String.valueOf(role)) {
            case "viewer" -> TestCredentials.VIEWER_KEY;
            case "operator" -> TestCredentials.OPERATOR_KEY;
            case "internal" -> TestCredentials.INTERNAL_TOKEN;
            default -> throw new AssertionError("x-lossforge-role " + role + " is not a known role");
        };
    }

    private HttpResponse<String> send(int target, String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
