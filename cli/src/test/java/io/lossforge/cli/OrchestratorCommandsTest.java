package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code leaderboard}, {@code export} and {@code status} against a fake orchestrator. */
class OrchestratorCommandsTest {

    private static final String LEADERBOARD = "/api/v1/searches/" + Canned.ID + "/leaderboard";

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void leaderboardRendersIntervalsPairedTestsFormsAndAVerdict() {
        server.json("GET", LEADERBOARD + "?limit=1000", Canned.LEADERBOARD);

        CliRun run = CliRun.of(server.args("leaderboard", Canned.ID, "--limit", "3"));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .containsExactly(
                        "RANK  FITNESS  95 % INTERVAL     Δ CE  P VS CE  FORMS  NODES  GENERATION  HASH              EXPRESSION",
                        "   1   0.8438  0.8272-0.8589  +0.0125     0.31      3     12           3  9f8e7d6c5b4a3210  exp(2.4092 - p * (1 + y)) - cos(p)",
                        "   2   0.8313  0.8142-0.8470  +0.0000        -      1      6           -  1a2b3c4d5e6f7081  [ce] -(y * log(p))",
                        "   3   0.8200  0.8026-0.8362  -0.0113        -      1     10           -  77aa88bb99cc00dd  [focal] -(y * (1 - p)^2 * log(p))",
                        "",
                        // Row 4 is not shown but is weighed: its p = 0.02 passes Holm's first step (0.05 / 2),
                        // but it is worse than ce; 0.31 fails the second.
                        "No evolved loss beat ce significantly at this budget: the best, exp(2.4092 - p * (1 + y)) -"
                                + " cos(p), is +0.0125 (p = 0.31; McNemar on 2000 validation images, Holm over 2 evolved"
                                + " losses at 0.05; one training run each).");
    }

    @Test
    void leaderboardAsksForTheGroupingGivenAndRefusesAnImpossibleLimitLocally() {
        server.json("GET", LEADERBOARD + "?limit=1000&group=none", Canned.LEADERBOARD);

        assertThat(CliRun.of(server.args("leaderboard", Canned.ID, "--group", "none"))
                        .exitCode())
                .isZero();
        CliRun refused = CliRun.of(server.args("leaderboard", Canned.ID, "--limit", "0"));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--limit must be between 1 and 1000, got 0");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void theHallOfFameIsTheParetoFrontAsServedWithoutAVerdict() {
        server.json("GET", "/api/v1/searches/" + Canned.ID + "/hall-of-fame", Canned.HALL_OF_FAME);

        CliRun run = CliRun.of(server.args("leaderboard", Canned.ID, "--hall-of-fame"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .containsExactly(
                        "RANK  FITNESS  95 % INTERVAL     Δ CE  P VS CE  FORMS  NODES  GENERATION  HASH              EXPRESSION",
                        "   1   0.8000  0.7820-0.8169  -0.0313    0.020      1     11           0  0123456789abcdef  p * (1 - y) - y * log(p)",
                        "   2   0.8438  0.8272-0.8589  +0.0125     0.31      3     12           3  9f8e7d6c5b4a3210  exp(2.4092 - p * (1 + y)) - cos(p)");
    }

    @Test
    void leaderboardShowsTestAccuracyWhenMeasured() {
        server.json(
                "GET",
                LEADERBOARD + "?limit=1000",
                Canned.LEADERBOARD
                        .replaceFirst("\"testAccuracy\":null", "\"testAccuracy\":0.8391")
                        .replaceFirst("\"deltaVsCe\":0.0125", "\"deltaVsCe\":null"));

        CliRun run = CliRun.of(server.args("leaderboard", Canned.ID));

        assertThat(run.out().lines().toList().subList(0, 3))
                .containsExactly(
                        "RANK  FITNESS  95 % INTERVAL    TEST     Δ CE  P VS CE  FORMS  NODES  GENERATION  HASH              EXPRESSION",
                        "   1   0.8438  0.8272-0.8589  0.8391        -     0.31      3     12           3  9f8e7d6c5b4a3210  exp(2.4092 - p * (1 + y)) - cos(p)",
                        "   2   0.8313  0.8142-0.8470       -  +0.0000        -      1      6           -  1a2b3c4d5e6f7081  [ce] -(y * log(p))");
    }

    @Test
    void leaderboardJsonPrintsTheServersRows() {
        server.json("GET", LEADERBOARD + "?limit=20", Canned.LEADERBOARD);

        CliRun run = CliRun.of(server.args("leaderboard", Canned.ID, "--json"));

        assertThat(run.out().lines()).hasSize(1);
        assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(Canned.LEADERBOARD));
    }

    @Test
    void exportPrintsTheTextAsServed() {
        String pytorch = "import torch\n\nclass EvolvedLoss(torch.nn.Module):\n    def forward(self, logits, y):\n"
                + "        return logits\n";
        server.respond("GET", "/api/v1/losses/9f8e7d6c5b4a3210/export?format=pytorch", 200, "text/plain", pytorch);

        CliRun run = CliRun.of(server.args("export", "9f8e7d6c5b4a3210", "--format", "pytorch"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(pytorch);
        assertThat(server.requests().getFirst().header("Accept")).contains("text/plain");
    }

    @Test
    void exportOfAnUnknownHashIsARefusal() {
        server.problem("GET", "/api/v1/losses/ffff/export", 404, """
                {"type":"urn:lossforge:problem:not-found","title":"Not found","status":404,
                 "detail":"no loss with hash ffff"}""");

        CliRun run = CliRun.of(server.args("export", "ffff", "--format", "latex"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("lossforge: no loss with hash ffff");
        assertThat(server.requests().getFirst().uri()).isEqualTo("/api/v1/losses/ffff/export?format=latex");
    }

    @Test
    void exportChecksTheFormatBeforeAnyRequest() {
        CliRun run = CliRun.of(server.args("export", "ffff", "--format", "onnx"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("lossforge: --format must be pytorch, latex or infix, got 'onnx'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void statusShowsHealthAndATrainerTable() {
        server.json("GET", "/actuator/health", "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}");
        server.json("GET", "/api/v1/trainers", Canned.TRAINERS);

        CliRun run = CliRun.of(server.args("status"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines())
                .containsExactly(
                        "orchestrator: UP (" + server.url() + ")",
                        "trainers:     3",
                        "",
                        "URL                     SLOTS  BUSY  ORIGIN      STATE                                   LAST SEEN             DISPATCH                  WHY",
                        "http://trainer-a:8081       4     1  STATIC      ACTIVE                                  2025-06-01T09:41:07Z  ok                        -",
                        "http://10.0.0.17:18081      1     0  REGISTERED  QUARANTINED until 2025-06-01T09:41:25Z  2025-06-01T09:40:55Z  backing off (3 failures)  3 failed attempts in a row; last: OUT_OF_MEMORY",
                        "http://10.0.0.18:18081      2     0  REGISTERED  LOST                                    2025-06-01T09:39:30Z  ok                        no heartbeat for 21 s");
    }

    @Test
    void statusOfAnUnhealthyOrchestratorExitsFive() {
        server.respond(
                "GET",
                "/actuator/health",
                503,
                "application/vnd.spring-boot.actuator.v3+json",
                "{\"status\":\"DOWN\"}");
        server.json("GET", "/api/v1/trainers", "[]");

        CliRun run = CliRun.of(server.args("status"));

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out().lines())
                .containsExactly(
                        "orchestrator: DOWN (" + server.url() + ")",
                        "trainers:     none; candidates wait until a trainer is registered");
    }

    @Test
    void statusJsonCombinesBothResponses() {
        server.json("GET", "/actuator/health", "{\"status\":\"UP\"}");
        server.json("GET", "/api/v1/trainers", Canned.TRAINERS);

        CliRun run = CliRun.of(server.args("status", "--json"));

        var json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("health")).isEqualTo(Json.MAPPER.readTree("{\"status\":\"UP\"}"));
        assertThat(json.get("trainers")).isEqualTo(Json.MAPPER.readTree(Canned.TRAINERS));
        assertThat(json.get("url").asString()).isEqualTo(server.url());
    }
}
