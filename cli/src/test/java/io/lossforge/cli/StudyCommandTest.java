package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code study start|show|report} against a fake orchestrator: the requests sent, the output shown. */
class StudyCommandTest {

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun run(String... args) {
        return CliRun.of(server.args(args));
    }

    @Test
    void startBuildsTheRequestFromLossAndTaskOptions() {
        server.respond("POST", "/api/v1/studies", 201, "application/json", Canned.STUDY);
        CliRun run = run(
                "study",
                "start",
                "--name",
                "small",
                "--loss",
                "poly1",
                "--loss",
                "ce+l2=ce@weightDecay=0.0005",
                "--task",
                "cifar-10/cnn-small:trainSamples=4000,classGroups=[[0,1,8,9],[2,3,4,5,6,7]],seed=2",
                "--seeds",
                "3",
                "--budgets",
                "1,3,10");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("study " + Canned.ID + ": FINISHED, 6 trials");
        JsonNode body = server.requests().getFirst().json();
        assertThat(body).isEqualTo(Json.MAPPER.readTree("""
                {"losses": [{"loss": "poly1"}, {"overrides": {"weightDecay": 0.0005}, "label": "ce+l2", "loss": "ce"}],
                 "tasks": [{"dataset": "cifar-10", "model": "cnn-small", "trainSamples": 4000,
                            "classGroups": [[0, 1, 8, 9], [2, 3, 4, 5, 6, 7]], "seed": 2}],
                 "name": "small", "seeds": 3, "budgets": [1, 3, 10]}"""));
    }

    @Test
    void thePaperPresetAsksForItsSixLossesOnTwoTasksWithFiveSeeds() {
        server.respond("POST", "/api/v1/studies", 201, "application/json", Canned.STUDY);
        assertThat(run("study", "start", "--preset", "paper-cpu").exitCode()).isZero();
        JsonNode body = server.requests().getFirst().json();
        assertThat(body.path("losses")
                        .valueStream()
                        .map(l -> l.path("label").asString(l.path("loss").asString())))
                .containsExactly("ce", "focal", "sce", "poly1", "ce+l2", "ngl");
        assertThat(body.path("tasks")
                        .valueStream()
                        .map(t -> t.path("dataset").asString() + "/"
                                + t.path("model").asString()))
                .containsExactly("fashion-mnist/cnn-small", "cifar-10/cnn-medium");
        assertThat(body.path("seeds").asInt()).isEqualTo(5);
    }

    @Test
    void badOptionsGetOneReadableLineAndSendNothing() {
        CliRun noTask = run("study", "start", "--loss", "poly1");
        assertThat(noTask.exitCode()).isEqualTo(2);
        assertThat(noTask.err().strip())
                .isEqualTo("lossforge: give --loss and --task (each repeatable), or --preset, or --file");
        CliRun badTask = run("study", "start", "--loss", "poly1", "--task", "cifar-10");
        assertThat(badTask.err()).contains("must start DATASET/MODEL");
        CliRun preset = run("study", "start", "--preset", "gpu-week");
        assertThat(preset.err()).contains("--preset 'gpu-week' is unknown; presets: paper-cpu");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void showPrintsProgressElapsedEtaAndTheCells() {
        server.respond("GET", "/api/v1/studies/" + Canned.ID, 200, "application/json", Canned.STUDY);
        CliRun run = run("study", "show", Canned.ID);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("FINISHED [####################] 6/6 trials  0 running  0 unevaluated  elapsed 4m10s  ETA 0s")
                .contains("poly1  0     1×      3     0.8123 ± 0.0040  +0.0061")
                .contains("[-0.0012, +0.0134]  better  inconclusive  0.710");
    }

    @Test
    void aRunningStudyShowsItsEtaAndTheTrainersTrialsInFlight() {
        server.respond(
                "GET",
                "/api/v1/studies/" + Canned.ID,
                200,
                "application/json",
                Canned.STUDY
                        .replace("\"state\": \"FINISHED\"", "\"state\": \"RUNNING\"")
                        .replace("\"endedAt\": \"2026-12-03T10:04:10Z\"", "\"endedAt\": null")
                        .replace("\"finished\": 6", "\"finished\": 2")
                        .replace("\"running\": 0", "\"running\": 1")
                        .replace("\"etaSeconds\": 0.0", "\"etaSeconds\": 500.0"));
        server.json("GET", "/api/v1/trainers", Canned.TRAINERS);
        CliRun run = run("study", "show", Canned.ID);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("RUNNING [######--------------] 2/6 trials  1 running")
                .contains("ETA 8m20s");
        assertThat(run.out())
                .as("busy/slots per trainer, the lost one left out")
                .contains("in flight: http://trainer-a:8081 1/4, http://10.0.0.17:18081 0/1\n");
    }

    @Test
    void beforeTheFirstTrialEndsTheEtaIsUnknownNotAFigure() {
        server.respond(
                "GET",
                "/api/v1/studies/" + Canned.ID,
                200,
                "application/json",
                Canned.STUDY
                        .replace("\"state\": \"FINISHED\"", "\"state\": \"RUNNING\"")
                        .replace("\"endedAt\": \"2026-12-03T10:04:10Z\"", "\"endedAt\": null")
                        .replace("\"finished\": 6", "\"finished\": 0")
                        .replace("\"running\": 0", "\"running\": 1")
                        .replace("\"etaSeconds\": 0.0", "\"etaSeconds\": null"));
        server.json("GET", "/api/v1/trainers", Canned.TRAINERS);
        CliRun run = run("study", "show", Canned.ID);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("RUNNING [--------------------] 0/6 trials  1 running  0 unevaluated  elapsed ")
                .contains("  ETA unknown\n")
                .contains("in flight: http://trainer-a:8081 1/4, http://10.0.0.17:18081 0/1\n");
    }

    /**
     * Polls that differ only in the clock print no new line: three RUNNING polls 0.6 s apart span a change of
     * the elapsed seconds, yet a log gets one line for them.
     */
    @Test
    void watchPrintsALinePerChangeNotPerPoll() {
        String running = Canned.STUDY
                .replace("\"state\": \"FINISHED\"", "\"state\": \"RUNNING\"")
                .replace("\"endedAt\": \"2026-12-03T10:04:10Z\"", "\"endedAt\": null")
                .replace("\"finished\": 6", "\"finished\": 2")
                .replace("\"running\": 0", "\"running\": 1")
                .replace("\"etaSeconds\": 0.0", "\"etaSeconds\": 120.0")
                // Started seconds ago, so that the elapsed time is shown to the second.
                .replace(
                        "2026-12-03T10:00:00Z",
                        java.time.Instant.now().minusSeconds(5).toString());
        String path = "/api/v1/studies/" + Canned.ID;
        server.json("GET", path, running).json("GET", path, running).json("GET", path, running);
        server.json("GET", path, Canned.STUDY);
        server.json("GET", "/api/v1/trainers", Canned.TRAINERS);
        CliRun run = run("study", "show", Canned.ID, "--watch", "--interval", "600ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests("GET", path)).hasSize(4);
        assertThat(run.out().lines().filter(line -> line.startsWith("RUNNING ")))
                .singleElement()
                .asString()
                .contains("2/6 trials", "in flight: http://trainer-a:8081 1/4");
        assertThat(run.out().lines().filter(line -> line.startsWith("FINISHED ")))
                .singleElement()
                .asString()
                .contains("6/6 trials");
    }

    @Test
    void reportWritesTheServersMarkdownToAFile(@TempDir Path dir) throws Exception {
        server.respond(
                "GET",
                "/api/v1/studies/" + Canned.ID + "/report?format=markdown",
                200,
                "text/markdown",
                "| loss | fashion-mnist/mlp |\n");
        Path file = dir.resolve("report.md");
        CliRun run = run("study", "report", Canned.ID, "-o", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo("| loss | fashion-mnist/mlp |\n");
        assertThat(run("study", "report", Canned.ID, "--format", "pdf").err())
                .contains("--format must be markdown, csv or json");
        assertThat(run("study", "show", "nope").err()).contains("'nope' is not a study id");
    }
}
