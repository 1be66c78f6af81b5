package io.lossforge.orchestrator;

import static io.lossforge.orchestrator.TestCredentials.INTERNAL_TOKEN;
import static io.lossforge.orchestrator.TestCredentials.OPERATOR_KEY;
import static io.lossforge.orchestrator.TestCredentials.SCRAPE_TOKEN;
import static io.lossforge.orchestrator.TestCredentials.VIEWER_KEY;
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
import java.util.UUID;
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
 * Traffic an attacker (or a confused trainer) could send, against the real orchestrator on a real
 * PostgreSQL: a trainer registration without the internal token or with a URL that is not http(s), reports
 * on attempts never leased, leased to another trainer process, or with figures that cannot be true,
 * a viewer starting searches, one key starting more searches than it may. Each is refused with the
 * documented problem, counted where the issue asks for a metric, and recorded nowhere; the search the
 * forged reports aimed at finishes from the true report as if nothing had happened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForgedTrafficTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int SEARCHES_PER_KEY = 3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("forged-traffic");
        registry.add("lossforge.orchestrator.home", home::toString);
        registry.add("lossforge.orchestrator.dispatch.interval", () -> "50ms");
        // The stand-in trainer sends no heartbeats: it must not be declared lost during the test.
        registry.add("lossforge.orchestrator.liveness.lost-after", () -> "10m");
        registry.add(
                "lossforge.orchestrator.limits.running-searches-per-key", () -> Integer.toString(SEARCHES_PER_KEY));
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    InternalPort internal;

    @Autowired
    JdbcTemplate jdbc;

    private static final AcceptingTrainer trainer = startTrainer();

    private static AcceptingTrainer startTrainer() {
        try {
            return new AcceptingTrainer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopTrainer() {
        trainer.close();
    }

    private HttpResponse<String> call(int port, String method, String path, String credential, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> internalPost(String path, String credential, String body) throws Exception {
        return call(internal.port(), "POST", path, credential, body);
    }

    private long trainersAt(String url) {
        return jdbc.queryForObject("select count(*) from trainer where url = ?", Long.class, url);
    }

    @Test
    void aRegistrationWithoutTheInternalTokenIsRefusedAndRecordsNothing() throws Exception {
        String url = "http://127.0.0.1:1";
        String body = "{\"url\": \"" + url + "\", \"slots\": 256}";
        for (String credential :
                java.util.Arrays.asList(null, "forged-token-0000000000000000000000000", OPERATOR_KEY)) {
            HttpResponse<String> refused = internalPost("/internal/v1/trainers", credential, body);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.body()).contains("urn:lossforge:problem:unauthorized");
        }
        assertThat(call(port, "POST", "/internal/v1/trainers", INTERNAL_TOKEN, body)
                        .statusCode())
                .as("the internal API is not on the public port")
                .isEqualTo(404);
        assertThat(trainersAt(url)).isZero();
    }

    @Test
    void registrationUrlsMustBeHttp() throws Exception {
        for (String url : List.of(
                "file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://host/x", "javascript:x", "http://")) {
            HttpResponse<String> refused =
                    internalPost("/internal/v1/trainers", INTERNAL_TOKEN, "{\"url\": \"" + url + "\", \"slots\": 1}");
            assertThat(refused.statusCode()).as(url + ": " + refused.body()).isEqualTo(400);
            assertThat(trainersAt(url)).as(url).isZero();
        }
    }

    @Test
    void forgedReportsAreRefusedRecordedNowhereAndTheSearchIsUnaffected() throws Exception {
        UUID instance = UUID.randomUUID();
        HttpResponse<String> registered = internalPost(
                "/internal/v1/trainers",
                INTERNAL_TOKEN,
                "{\"url\": \"" + trainer.url() + "\", \"slots\": 2, \"instanceId\": \"" + instance + "\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String search = startSearch();
        String attempt = liveAttemptOf(search);
        String result = """
                {"instanceId": "%s", "result": {"outcome": "SUCCEEDED", "validationAccuracy": %s, "validationLoss": 0.5,
                 "epochs": [], "wallSeconds": 1.0}}""";
        String path = "/internal/v1/trials/" + attempt + "/result";

        HttpResponse<String> neverLeased = internalPost(
                "/internal/v1/trials/" + UUID.randomUUID() + "/result",
                INTERNAL_TOKEN,
                result.formatted(instance, "0.9"));
        assertThat(neverLeased.statusCode()).as(neverLeased.body()).isEqualTo(404);

        HttpResponse<String> foreign = internalPost(path, INTERNAL_TOKEN, result.formatted(UUID.randomUUID(), "0.99"));
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(foreign.body()).contains("urn:lossforge:problem:forbidden", "not leased");
        HttpResponse<String> foreignProgress = internalPost(
                "/internal/v1/trials/" + attempt + "/progress",
                INTERNAL_TOKEN,
                "{\"trialId\": \"" + attempt + "\", \"instanceId\": \"" + UUID.randomUUID() + "\", \"epoch\": null}");
        assertThat(foreignProgress.statusCode()).as(foreignProgress.body()).isEqualTo(403);

        HttpResponse<String> implausible = internalPost(path, INTERNAL_TOKEN, result.formatted(instance, "1.5"));
        assertThat(implausible.statusCode()).as(implausible.body()).isEqualTo(400);

        for (String credential : java.util.Arrays.asList(null, OPERATOR_KEY, SCRAPE_TOKEN)) {
            assertThat(internalPost(path, credential, result.formatted(instance, "0.99"))
                            .statusCode())
                    .as("a report with credential " + credential)
                    .isEqualTo(401);
        }
        assertThat(jdbc.queryForMap(
                        "select a.state, a.outcome, a.late_report::text as late, e.status, e.result::text as result"
                                + " from attempt a join evaluation e on e.id = a.evaluation_id where a.id = ?::uuid",
                        attempt))
                .as("nothing of the forged reports is recorded")
                .containsEntry("state", "RUNNING")
                .containsEntry("outcome", null)
                .containsEntry("late", null)
                .containsEntry("result", null)
                .containsEntry("status", "OPEN");
        String metrics =
                call(port, "GET", "/actuator/prometheus", SCRAPE_TOKEN, null).body();
        assertThat(metrics)
                .contains(
                        "lossforge_reports_refused_total{application=\"lossforge-orchestrator\",reason=\"foreign\"} 2.0")
                .contains(
                        "lossforge_reports_refused_total{application=\"lossforge-orchestrator\",reason=\"implausible\"} 1.0");

        HttpResponse<String> real = internalPost(path, INTERNAL_TOKEN, result.formatted(instance, "0.4321"));
        assertThat(real.statusCode()).as(real.body()).isEqualTo(204);
        assertThat(jdbc.queryForMap(
                        "select a.state, e.status, e.fitness from attempt a join evaluation e on e.id = a.evaluation_id"
                                + " where a.id = ?::uuid",
                        attempt))
                .containsEntry("state", "FINISHED")
                .containsEntry("status", "FINISHED")
                .containsEntry("fitness", 0.4321);
    }

    @Test
    void aViewerCannotStartASearchAndOneKeyRunsAtMostItsShare() throws Exception {
        long before = jdbc.queryForObject("select count(*) from search", Long.class);
        HttpResponse<String> viewer = call(port, "POST", "/api/v1/searches", VIEWER_KEY, SEARCH);
        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from search", Long.class))
                .isEqualTo(before);

        // Other tests of this class may have started searches with the same key: fill up to the limit.
        HttpResponse<String> refused = null;
        for (int i = 0; i <= SEARCHES_PER_KEY && refused == null; i++) {
            HttpResponse<String> started = call(port, "POST", "/api/v1/searches", OPERATOR_KEY, SEARCH);
            if (started.statusCode() == 429) {
                refused = started;
            } else {
                assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
                assertThat(JSON.readTree(started.body()).path("createdBy").asString())
                        .isEqualTo("test-operator");
            }
        }
        assertThat(refused)
                .as("the key's %d-th search is refused", SEARCHES_PER_KEY + 1)
                .isNotNull();
        assertThat(refused.body()).contains("urn:lossforge:problem:too-many-searches");
        assertThat(jdbc.queryForObject(
                        "select count(*) from search where created_by = 'test-operator' and state in ('QUEUED', 'RUNNING')",
                        Long.class))
                .isEqualTo(SEARCHES_PER_KEY);
        String live = jdbc.queryForObject(
                "select id::text from search where created_by = 'test-operator' and state in ('QUEUED', 'RUNNING')"
                        + " limit 1",
                String.class);
        assertThat(call(port, "POST", "/api/v1/searches/" + live + "/cancel", OPERATOR_KEY, null)
                        .statusCode())
                .isEqualTo(202);
        awaitState(live, "CANCELLED");
        assertThat(call(port, "POST", "/api/v1/searches", OPERATOR_KEY, SEARCH).statusCode())
                .as("a cancelled search frees its place")
                .isEqualTo(201);
        HttpResponse<String> resumed = call(port, "POST", "/api/v1/searches/" + live + "/resume", OPERATOR_KEY, null);
        assertThat(resumed.statusCode())
                .as("resuming counts against the key as a start would: " + resumed.body())
                .isEqualTo(429);
        assertThat(JSON.readTree(call(port, "GET", "/api/v1/searches/" + live, VIEWER_KEY, null)
                                .body())
                        .path("state")
                        .asString())
                .isEqualTo("CANCELLED");
    }

    private static final String SEARCH = """
            {"name": "forged", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 1000, "seed": 5},
             "search": {"populationSize": 4, "generations": 1, "seedLosses": ["ce"], "seed": 2}}
            """;

    private String startSearch() throws Exception {
        HttpResponse<String> started = call(port, "POST", "/api/v1/searches", OPERATOR_KEY, SEARCH);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return JSON.readTree(started.body()).path("id").asString();
    }

    /** The first attempt of the search the stand-in trainer accepted (RUNNING once its 202 was taken). */
    private String liveAttemptOf(String search) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> ids = jdbc.queryForList(
                    "select a.id::text from attempt a join candidate c on c.evaluation_id = a.evaluation_id"
                            + " where c.search_id = ?::uuid and a.state = 'RUNNING' order by a.id limit 1",
                    String.class,
                    search);
            if (!ids.isEmpty()) {
                return ids.getFirst();
            }
            assertThat(System.nanoTime()).as("no running attempt").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitState(String search, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode view = JSON.readTree(call(port, "GET", "/api/v1/searches/" + search, VIEWER_KEY, null)
                    .body());
            if (view.path("state").asString().equals(state)) {
                return;
            }
            assertThat(System.nanoTime()).as(search + " not " + state).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
