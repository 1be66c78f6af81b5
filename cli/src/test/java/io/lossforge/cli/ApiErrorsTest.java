package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failures of orchestrator calls: one line on stderr, nothing on stdout, and the exit code that tells a
 * script whether to fix the request (2) or to retry later (5).
 */
class ApiErrorsTest {

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertOneLineError(CliRun run, int exitCode, String line) {
        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(line);
    }

    @Test
    void aProblemBecomesOneLineWithItsFieldErrorsAndExitTwo() {
        server.problem("POST", "/api/v1/searches", 400, Canned.INVALID_SEARCH);

        // Valid locally; the (fake) server refuses it anyway, as a newer server with other limits might.
        CliRun run = CliRun.of(server.args("search", "start", "--dataset", "fashion-mnist", "--model", "mlp"));

        assertOneLineError(
                run,
                2,
                "lossforge: invalid request: task.batchSize must be between 1 and 4096; "
                        + "search.populationSize must be between 2 and 1000");
    }

    @Test
    void aProblemWhoseDetailDoesNotListTheFieldsKeepsTheDetail() {
        server.problem("POST", "/api/v1/searches", 400, """
                {"type":"urn:lossforge:problem:invalid-request","title":"Invalid request","status":400,
                 "detail":"the request has invalid fields","instance":"/api/v1/searches",
                 "errors":[{"field":"name","message":"size must be between 0 and 200"}]}""");

        CliRun run = CliRun.of(server.args("search", "start", "--dataset", "fashion-mnist", "--model", "mlp"));

        assertOneLineError(run, 2, "lossforge: the request has invalid fields: name size must be between 0 and 200");
    }

    @Test
    void anUnknownSearchIsARefusal() {
        server.problem("GET", "/api/v1/searches/" + Canned.ID, 404, """
                {"type":"urn:lossforge:problem:not-found","title":"Not found","status":404,
                 "detail":"no search %s","instance":"/api/v1/searches/%s"}""".formatted(Canned.ID, Canned.ID));

        assertOneLineError(CliRun.of(server.args("search", "show", Canned.ID)), 2, "lossforge: no search " + Canned.ID);
    }

    @Test
    void anAnswerOfAnotherShapeIsAServerFailureNotAStackTrace() {
        server.respond(
                "GET",
                "/api/v1/searches/" + Canned.ID,
                200,
                "application/json",
                "{\"id\": \"" + Canned.ID + "\", \"state\": \"RUNNING\", \"generation\": \"many\"}");

        CliRun run = CliRun.of(server.args("search", "show", Canned.ID));

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("lossforge: the orchestrator's answer is not a SearchView: ");
    }

    @Test
    void aServerErrorExitsFive() {
        server.problem("GET", "/api/v1/searches", 500, """
                {"type":"about:blank","title":"Internal Server Error","status":500,
                 "detail":"could not open a JDBC connection","instance":"/api/v1/searches"}""");

        assertOneLineError(
                CliRun.of(server.args("search", "list")),
                5,
                "lossforge: the orchestrator failed (HTTP 500): could not open a JDBC connection");
    }

    @Test
    void anErrorWithoutAProblemNamesTheStatus() {
        server.respond("GET", "/api/v1/trainers", 502, "text/html", "<html><body>Bad Gateway</body></html>");
        server.json("GET", "/actuator/health", "{\"status\":\"UP\"}");

        assertOneLineError(
                CliRun.of(server.args("status")),
                5,
                "lossforge: the orchestrator at " + server.url() + " answered GET /api/v1/trainers with HTTP 502");
    }

    @Test
    void anAnswerThatIsNotJsonIsReported() {
        server.respond("GET", "/api/v1/searches", 200, "text/html", "<html>a web server, not the orchestrator</html>");

        CliRun run = CliRun.of(server.args("search", "list"));

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("lossforge: the orchestrator at " + server.url() + " answered GET /api/v1/searches?page=0"
                        + "&size=20 with something that is not JSON");
    }

    @Test
    void connectionRefusedIsOneLineAndExitFive() throws IOException {
        int port;
        // A port that was free a moment ago and is closed now: nothing listens there.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        CliRun run = CliRun.of("search", "list", "--url", url);

        assertOneLineError(
                run,
                5,
                "lossforge: cannot reach the orchestrator at " + url
                        + " (connection refused); start it with ./lossforge up");
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertOneLineError(
                CliRun.of("status", "--url", "localhost:8080"),
                2,
                "lossforge: --url must be an http:// "
                        + "or https:// URL such as http://localhost:8080, got 'localhost:8080'");
    }

    @Test
    void theUrlMayEndWithASlashOrCarryAPathPrefix() {
        server.json("GET", "/lossforge/api/v1/searches/" + Canned.ID, Canned.SEARCH);

        CliRun run = CliRun.of("search", "show", Canned.ID, "--url", server.url() + "/lossforge/", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(server.requests())
                .singleElement()
                .extracting(FakeOrchestrator.Request::uri)
                .isEqualTo("/lossforge/api/v1/searches/" + Canned.ID);
    }

    @Test
    void helpDocumentsTheNewExitCodes() {
        assertThat(CliRun.of("--help").out())
                .contains("4   the watched search ended FAILED or CANCELLED")
                .contains("5   the orchestrator is unreachable");
        assertThat(CliRun.of("search", "watch", "--help").out())
                .contains("0   the search SUCCEEDED")
                .contains("4   the search ended FAILED or CANCELLED")
                .contains("5   the orchestrator is unreachable");
        for (String[] command : new String[][] {
            {"search"},
            {"search", "start"},
            {"search", "list"},
            {"search", "show"},
            {"search", "cancel"},
            {"leaderboard"},
            {"export"},
            {"status"}
        }) {
            String[] help = java.util.Arrays.copyOf(command, command.length + 1);
            help[command.length] = "--help";
            CliRun run = CliRun.of(help);
            assertThat(run.exitCode())
                    .as("help of %s", String.join(" ", command))
                    .isZero();
            assertThat(run.out()).as("help of %s", String.join(" ", command)).contains("5   ");
        }
    }
}
