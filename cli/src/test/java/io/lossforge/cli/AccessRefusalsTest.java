package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Refusals about who asks and how much (401, 403, 413, 429): one line that says which key was refused and
 * what to do, exit code 2 as for every refused request. The bodies are the orchestrator's problems as
 * TokenSecurity, BodySizeLimit and SearchService write them.
 */
class AccessRefusalsTest {

    private static final String UNKNOWN_KEY = """
            {"type":"urn:lossforge:problem:unauthorized","title":"Authentication required","status":401,
             "detail":"the credential is not valid here","instance":"/api/v1/searches"}""";
    private static final String NO_KEY = """
            {"type":"urn:lossforge:problem:unauthorized","title":"Authentication required","status":401,
             "detail":"this needs an API key (Authorization: Bearer <secret>, or X-API-Key: <secret>)",
             "instance":"/api/v1/searches"}""";
    private static final String VIEWER = """
            {"type":"urn:lossforge:problem:forbidden","title":"Forbidden","status":403,
             "detail":"the credential 'dashboard' may not POST /api/v1/searches","instance":"/api/v1/searches"}""";

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertOneLineError(CliRun run, String line) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(line);
    }

    private CliRun start(String... extra) {
        String[] base = {"search", "start", "--dataset", "fashion-mnist", "--model", "mlp"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(server.args(args));
    }

    @Test
    void anUnknownKeyIsNamedByWhereItCameFrom() {
        server.problem("POST", "/api/v1/searches", 401, UNKNOWN_KEY);

        assertOneLineError(
                start("--api-key", "lf_wrong"),
                "lossforge: the orchestrator refused the API key from --api-key (401 unauthorized): "
                        + "the credential is not valid here");
        assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer lf_wrong");
    }

    @Test
    void withoutAKeyTheLineSaysTheThreeWaysToGiveOne() {
        server.problem("POST", "/api/v1/searches", 401, NO_KEY);
        // the tests' LOSSFORGE_HOME (cli/pom.xml) has no key file
        String file =
                ApiKey.file(System.getenv(), System.getProperty("user.home")).toString();

        assertOneLineError(
                start(),
                "lossforge: the orchestrator wants an API key (401 unauthorized): this needs an API key "
                        + "(Authorization: Bearer <secret>, or X-API-Key: <secret>); give --api-key, set "
                        + "LOSSFORGE_API_KEY or put the key into " + file + " (./lossforge up writes one there)");
        assertThat(server.requests().getFirst().header("Authorization")).isNull();
    }

    @Test
    void aViewerKeyThatMayNotStartASearchIsToldWhichRoleCan() {
        server.problem("POST", "/api/v1/searches", 403, VIEWER);

        assertOneLineError(
                start("--api-key", "lf_viewer"),
                "lossforge: the API key from --api-key may not POST /api/v1/searches (403 forbidden): the credential "
                        + "'dashboard' may not POST /api/v1/searches; its role is too weak: a viewer key reads and "
                        + "evaluates losses, starting, cancelling and resuming searches needs an operator key");
    }

    @Test
    void theRefusalOfAReadNamesItsPathToo() {
        server.problem("GET", "/api/v1/trainers", 401, UNKNOWN_KEY);
        server.json("GET", "/actuator/health", "{\"status\":\"UP\"}");

        assertOneLineError(
                CliRun.of(server.args("status", "--api-key", "lf_old")),
                "lossforge: the orchestrator refused the API key from --api-key (401 unauthorized): "
                        + "the credential is not valid here");
        // health is open: it was asked first and answered
        assertThat(server.requests("GET", "/actuator/health")).hasSize(1);
    }

    @Test
    void tooManyRunningSearchesIsOneLineWithTheProblemsDetail() {
        server.problem("POST", "/api/v1/searches", 429, """
                {"type":"urn:lossforge:problem:too-many-searches","title":"Too many running searches","status":429,
                 "detail":"the API key 'local' already has 8 searches queued or running (its limit is 8); cancel one or wait for one to end",
                 "instance":"/api/v1/searches"}""");

        assertOneLineError(
                start("--api-key", "lf_local"),
                "lossforge: the orchestrator refused POST /api/v1/searches (429 too many running searches): the API "
                        + "key 'local' already has 8 searches queued or running (its limit is 8); cancel one or wait "
                        + "for one to end");
    }

    @Test
    void aBodyTooLargeIsOneLineWithTheProblemsDetail() {
        server.problem("POST", "/api/v1/searches", 413, """
                {"type":"urn:lossforge:problem:payload-too-large","title":"Request body too large","status":413,
                 "detail":"the request body has 2000000 bytes; at most 1048576 are accepted",
                 "instance":"/api/v1/searches"}""");

        assertOneLineError(
                start("--api-key", "lf_local"),
                "lossforge: the orchestrator refused POST /api/v1/searches (413 request body too large): the request "
                        + "body has 2000000 bytes; at most 1048576 are accepted");
    }

    @Test
    void aRefusalWithoutAProblemBodyStillSaysWhatHappened() {
        // a gateway in front of the orchestrator may answer with an HTML page or nothing
        server.respond("GET", "/api/v1/searches/" + Canned.ID, 403, "text/html", "<html>denied</html>");

        assertOneLineError(
                CliRun.of(server.args("search", "show", Canned.ID)),
                "lossforge: the orchestrator refused GET /api/v1/searches/" + Canned.ID + " (403 forbidden)");
    }
}
