package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code search retest} against a fake orchestrator: the searches it starts and what it concludes. */
class SearchRetestCommandTest {

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void startsOneSearchPerSeedWithTheTopFamiliesAndCeThenWeighsTheirTestAccuracy() {
        String path = "/api/v1/searches/" + Canned.ID;
        server.json("GET", path, Canned.search("SUCCEEDED", 4, 5, 63, 0, 0.84, null));
        server.json("GET", path + "/leaderboard?limit=1000", Canned.LEADERBOARD);
        server.respond(
                "POST", "/api/v1/searches", 201, "application/json", Canned.search("QUEUED", 0, 1, 0, 0, null, null));
        String tested = Canned.LEADERBOARD
                .replaceFirst("\"testAccuracy\":null", "\"testAccuracy\":0.85")
                .replaceFirst("\"testAccuracy\":null", "\"testAccuracy\":0.83")
                .replaceFirst("\"testAccuracy\":null", "\"testAccuracy\":0.82")
                .replaceFirst("\"testAccuracy\":null", "\"testAccuracy\":0.80");
        server.json("GET", path + "/leaderboard?group=none&limit=1000", tested);

        CliRun run = CliRun.of(server.args("search", "retest", Canned.ID, "--seeds", "3", "--interval", "10ms"));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        List<JsonNode> started = server.requests().stream()
                .filter(r -> r.method().equals("POST"))
                .map(FakeOrchestrator.Request::json)
                .toList();
        assertThat(started).hasSize(3);
        assertThat(started)
                .extracting(b -> b.path("task").path("seed").asLong())
                .containsExactly(7L, 8L, 9L);
        assertThat(started).allSatisfy(body -> {
            assertThat(body.path("task").path("evaluateTest").asBoolean()).isTrue();
            assertThat(body.path("task").path("trainSamples").asInt()).isEqualTo(10000);
            assertThat(body.path("search").path("seedLosses").valueStream().map(JsonNode::asString))
                    .containsExactly("exp(2.4092 - p * (1 + y)) - cos(p)", "p * (1 - y) - y * log(p)");
            assertThat(body.path("search").path("baselines").valueStream().map(JsonNode::asString))
                    .containsExactly("ce");
            assertThat(body.path("search")
                            .path("stages")
                            .path("gradientEquivalence")
                            .asBoolean())
                    .isFalse();
            assertThat(body.path("search").path("populationSize").asInt()).isEqualTo(2);
        });
        List<String> lines = run.out().lines().toList();
        assertThat(lines)
                .contains(
                        "LOSS                                MEAN TEST      SD     Δ CE  P (PAIRED T)  HOLM  PER SEED",
                        "exp(2.4092 - p * (1 + y)) - cos(p)     0.8500  0.0000  +0.0200             -     -  0.8500 0.8500 0.8500",
                        "[ce]                                   0.8300  0.0000        -             -     -  0.8300 0.8300 0.8300");
        assertThat(lines.getLast())
                .isEqualTo(
                        "Winner: exp(2.4092 - p * (1 + y)) - cos(p), test accuracy 0.8500 ± 0.0000 over 3 seeds (ce 0.8300"
                                + " ± 0.0000); it does not beat ce significantly (no paired test: fewer than two pairs, or"
                                + " differences that do not vary): no evidence at this budget that an evolved loss is better"
                                + " than cross-entropy.");
    }

    @Test
    void aDerivedTaskIsRetestedWithItsClassesAndCap() {
        String path = "/api/v1/searches/" + Canned.ID;
        String derived = Canned.search("SUCCEEDED", 4, 5, 63, 0, 0.84, null)
                .replace(
                        "\"classGroups\":null,\"samplesPerClass\":null",
                        "\"classGroups\":[[5,7,9],[0,2,4,6]],\"samplesPerClass\":50");
        assertThat(derived).contains("[[5,7,9],[0,2,4,6]]");
        server.json("GET", path, derived);
        server.json("GET", path + "/leaderboard?limit=1000", Canned.LEADERBOARD);
        server.respond(
                "POST", "/api/v1/searches", 201, "application/json", Canned.search("QUEUED", 0, 1, 0, 0, null, null));
        server.json("GET", path + "/leaderboard?group=none&limit=1000", Canned.LEADERBOARD);

        CliRun.of(server.args("search", "retest", Canned.ID, "--seeds", "2", "--interval", "10ms"));

        List<JsonNode> started = server.requests().stream()
                .filter(r -> r.method().equals("POST"))
                .map(FakeOrchestrator.Request::json)
                .toList();
        assertThat(started).hasSize(2).allSatisfy(body -> {
            assertThat(body.path("task").path("classGroups").toString()).isEqualTo("[[5,7,9],[0,2,4,6]]");
            assertThat(body.path("task").path("samplesPerClass").asInt()).isEqualTo(50);
        });
    }

    @Test
    void aRunningSearchIsNotRetestedAndNothingIsStarted() {
        server.json("GET", "/api/v1/searches/" + Canned.ID, Canned.SEARCH);

        CliRun run = CliRun.of(server.args("search", "retest", Canned.ID));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is RUNNING: re-test it when it has ended");
        assertThat(server.requests()).hasSize(1);
    }
}
