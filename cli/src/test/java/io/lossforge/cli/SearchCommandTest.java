package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code search start|list|show|cancel} against a fake orchestrator: the requests sent, the output shown. */
class SearchCommandTest {

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun run(String... args) {
        return CliRun.of(server.args(args));
    }

    private JsonNode startAndReadBody(String... options) {
        server.respond(
                "POST", "/api/v1/searches", 201, "application/json", Canned.search("QUEUED", 0, 5, 0, 0, null, null));
        String[] args = new String[options.length + 2];
        args[0] = "search";
        args[1] = "start";
        System.arraycopy(options, 0, args, 2, options.length);
        CliRun run = run(args);
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/api/v1/searches");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
        });
        return server.requests().getFirst().json();
    }

    @Test
    void startSendsOnlyTheGivenOptions() {
        JsonNode body = startAndReadBody("--dataset", "fashion-mnist", "--model", "mlp");

        // No name, no search object, no reduction: every default is the server's.
        assertThat(body).isEqualTo(Json.MAPPER.readTree("""
                {"task": {"dataset": "fashion-mnist", "model": "mlp"}}"""));
    }

    @Test
    void fitnessTasksMakeAMultiTaskFitness() {
        JsonNode body = startAndReadBody(
                "--dataset",
                "fashion-mnist",
                "--model",
                "mlp",
                "--fitness-task",
                "cifar-10/cnn-small:trainSamples=4000,epochs=2",
                "--fitness-task",
                "cifar-10/mlp:classGroups=[[0,1,8,9],[2,3,4,5,6,7]]");
        assertThat(body.path("task").path("fitnessTasks")).isEqualTo(Json.MAPPER.readTree("""
                [{"dataset": "cifar-10", "model": "cnn-small", "trainSamples": 4000, "epochs": 2},
                 {"dataset": "cifar-10", "model": "mlp", "classGroups": [[0, 1, 8, 9], [2, 3, 4, 5, 6, 7]]}]"""));
    }

    @Test
    void startMapsEveryOptionToItsRequestField() {
        JsonNode body = startAndReadBody(
                "--name",
                "fm-quick",
                "--dataset",
                "fashion-mnist",
                "--model",
                "cnn-small",
                "--train-samples",
                "5000",
                "--validation-samples",
                "1000",
                "--epochs",
                "2",
                "--batch-size",
                "64",
                "--optimizer",
                "sgd",
                "--learning-rate",
                "0.05",
                "--seed",
                "7",
                "--population",
                "12",
                "--generations",
                "4",
                "--max-depth",
                "6",
                "--max-nodes",
                "20",
                "--tournament-size",
                "3",
                "--elitism",
                "2",
                "--seed-losses",
                "ce,ngl",
                "--baselines",
                "ce",
                "--reduction",
                "sum");

        assertThat(body).isEqualTo(Json.MAPPER.readTree("""
                {"name": "fm-quick",
                 "task": {"dataset": "fashion-mnist", "model": "cnn-small", "trainSamples": 5000,
                          "validationSamples": 1000, "epochs": 2, "batchSize": 64, "optimizer": "sgd",
                          "learningRate": 0.05, "seed": 7},
                 "search": {"populationSize": 12, "generations": 4, "maxDepth": 6, "maxNodes": 20,
                            "tournamentSize": 3, "elitism": 2, "seedLosses": ["ce", "ngl"], "baselines": ["ce"], "seed": 7},
                 "reduction": "sum"}"""));
    }

    @Test
    void startWithAnEmptyBaselineListAsksForNoBaselines() {
        JsonNode body = startAndReadBody("--dataset", "cifar-10", "--model", "mlp", "--baselines=");

        assertThat(body.get("search")).isEqualTo(Json.MAPPER.readTree("{\"baselines\": []}"));
    }

    @Test
    void startTurnsStagesOffOnlyWhenAsked() {
        JsonNode body = startAndReadBody(
                "--dataset", "fashion-mnist", "--model", "mlp", "--no-gradient-equivalence", "--no-rejection");

        assertThat(body.get("search")).isEqualTo(Json.MAPPER.readTree("""
                {"stages": {"gradientEquivalence": false, "rejection": false}}"""));
    }

    @Test
    void startAsksForRungsAndRefusesAFirstRungWithoutABatchOfSamples() {
        JsonNode body = startAndReadBody("--dataset", "fashion-mnist", "--model", "mlp", "--rungs", "3", "--eta", "2");
        assertThat(body.get("search")).isEqualTo(Json.MAPPER.readTree("""
                {"fidelity": {"rungs": 3, "eta": 2}}"""));

        CliRun refused = run(
                "search",
                "start",
                "--dataset",
                "fashion-mnist",
                "--model",
                "mlp",
                "--train-samples",
                "1000",
                "--rungs",
                "3");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip())
                .isEqualTo("lossforge: invalid search: --rungs leaves rung 0 with 112 of 1000 training samples, fewer"
                        + " than one batch (128): use fewer rungs, a smaller eta or more trainSamples");
    }

    @Test
    void startAsksForIslandsAndConstantTuning() {
        JsonNode islands = startAndReadBody(
                "--dataset",
                "fashion-mnist",
                "--model",
                "mlp",
                "--islands",
                "4",
                "--migration-interval",
                "3",
                "--tune-constants",
                "2");
        assertThat(islands.get("search")).isEqualTo(Json.MAPPER.readTree("""
                {"islands": {"count": 4, "migrationInterval": 3}, "constantTuning": 2}"""));
    }

    @Test
    void aStageLeftOutIsTheServersDefault() {
        JsonNode body = startAndReadBody("--dataset", "fashion-mnist", "--model", "mlp", "--no-rejection");

        assertThat(body.get("search")).isEqualTo(Json.MAPPER.readTree("""
                {"stages": {"rejection": false}}"""));
    }

    @Test
    void startPrintsIdAndStateAndSendsTheApiKey() {
        server.respond(
                "POST", "/api/v1/searches", 201, "application/json", Canned.search("QUEUED", 0, 5, 0, 0, null, null));

        CliRun run = run("search", "start", "--dataset", "fashion-mnist", "--model", "mlp", "--api-key", "s3cret");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("id:    " + Canned.ID, "state: QUEUED");
        // Bearer, the documented primary form, and only it: two headers could disagree
        assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(server.requests().getFirst().header("X-API-Key")).isNull();
    }

    @Test
    void startChecksLimitsLocallyAndNamesTheOptions() {
        CliRun run = run(
                "search",
                "start",
                "--dataset",
                "fashion-mnist",
                "--model",
                "mlp",
                "--batch-size",
                "0",
                "--population",
                "1001",
                "--baselines",
                "ce,nope");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly("lossforge: invalid search: --batch-size must be between 1 and "
                        + "4096; --population must be between 2 and 1000; --baselines 'nope' is not a catalog loss");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aTournamentLargerThanThePopulationNamesTheOption() {
        CliRun run = run(
                "search",
                "start",
                "--dataset",
                "fashion-mnist",
                "--model",
                "mlp",
                "--population",
                "3",
                "--tournament-size",
                "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly("lossforge: invalid search: --tournament-size must be between 1 and 3");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void listRendersAnAlignedTableWithAPageHint() {
        server.json("GET", "/api/v1/searches?page=0&size=2", Canned.PAGE);

        CliRun run = run("search", "list", "--size", "2");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .containsExactly(
                        "ID                                    NAME      STATE    GENERATION  EVALUATED    BEST  CREATED",
                        "3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34  fm-quick  RUNNING           2         43  0.8438  2025-06-01T09:30:00Z",
                        "0b5d7f3e-1c2a-4e6b-9d8f-7a6b5c4d3e2f  -         QUEUED            0          0       -  2025-06-02T14:05:09Z",
                        "searches 1-2 of 3; next page: --page 1");
        // no option, no $LOSSFORGE_API_KEY, no key file in the tests' LOSSFORGE_HOME (cli/pom.xml): no key
        assertThat(server.requests().getFirst().header("Authorization")).isNull();
        assertThat(server.requests().getFirst().header("X-API-Key")).isNull();
    }

    @Test
    void showNamesTheClassesAndCapOfADerivedTask() {
        String derived = Canned.SEARCH.replaceFirst(
                "\"classGroups\":null,\\s*\"samplesPerClass\":null",
                "\"classGroups\":[[5,7,9],[0,2,4,6]],\"samplesPerClass\":50");
        assertThat(derived).isNotEqualTo(Canned.SEARCH);
        server.json("GET", "/api/v1/searches/" + Canned.ID, derived);

        CliRun run = run("search", "show", Canned.ID);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .contains("task:         fashion-mnist / mlp; 10000 train, 2000 validation images; classes "
                        + "[[5,7,9],[0,2,4,6]], at most 50 training images per class; 1 epoch, batch 128; "
                        + "adam, learning rate 0.001; seed 7");
    }

    @Test
    void showRendersTaskSpecCountsAndBest() {
        server.json("GET", "/api/v1/searches/" + Canned.ID, Canned.SEARCH);

        CliRun run = run("search", "show", Canned.ID);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .containsExactly(
                        "id:           " + Canned.ID,
                        "name:         fm-quick",
                        "state:        RUNNING",
                        "generation:   2 of 5 (numbered from 0)",
                        "task:         fashion-mnist / mlp; 10000 train, 2000 validation images; 1 epoch, batch 128; "
                                + "adam, learning rate 0.001; seed 7",
                        "search:       population 20, 5 generations, depth <= 8, nodes <= 32, crossover 0.7, mutation 0.25, "
                                + "tournament 4, elitism 1; seed losses: ngl; baselines: ce, ngl, focal; seed 7; "
                                + "2 rungs, eta 3; 4 islands, migration every 5 generations (1 each); constants of "
                                + "the 2 best tuned; reduction mean",
                        "candidates:   63",
                        "evaluated:    43",
                        "screened out: 7 (CONSTANT_IN_P 3, NON_FINITE 4)",
                        "cache hits:   5",
                        "equivalent:   0",
                        "not learning: 0",
                        "diverged:     2",
                        "failed:       1",
                        "pending:      8",
                        "stages:       screening removed 7 (~280 s saved), rejection removed 0 (~0 s saved), "
                                + "hash-cache removed 5 (200 s saved), gradient-equivalence removed 0 (0 s saved), "
                                + "multi-fidelity removed 27 (~611 s saved)",
                        "rungs:        0: 3334 samples, 40 candidates, 33 trained (165 s), 13 promoted, rank correlation "
                                + "with rung 1 0.62 over 13; 1: 10000 samples, 13 candidates, 10 trained (400 s)",
                        "best:         0.8438 in generation 1, hash 9f8e7d6c5b4a3210: exp(2.4092 - p * (1 + y)) - cos(p)",
                        "message:      -",
                        "created:      2025-06-01T09:30:00Z",
                        "started:      2025-06-01T09:30:01Z",
                        "finished:     -");
    }

    @Test
    void auditCountsTrainerTimeOnCopiesOfEarlierLossesAndTheLossesTheProtocolRejects() {
        server.json("GET", "/api/v1/searches/" + Canned.ID, Canned.SEARCH);
        server.json("GET", "/api/v1/searches/" + Canned.ID + "/candidates?size=1000&page=0", Canned.CANDIDATES);

        CliRun run = run("search", "audit", Canned.ID);

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("trained losses:     3 (22.0 trainer-seconds)");
        assertThat(lines.get(1))
                .startsWith("wasted:             1 gradient-equivalent to a loss trained before them, 8.0 s = 36.4 %"
                        + " of trainer time (ADAM_NO_DECAY, probes ");
        assertThat(lines.get(2))
                .isEqualTo("rejection protocol: would reject 1 of the trained losses; best fitness among them 0.1000"
                        + " (ce 0.8100)");
        assertThat(lines).contains("  12      8.0   0.8000  -(y * log(p)) + 0.5  -(y * log(p))");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("NO_IMPROVEMENT  square(sqrt(y) * max(y, p))"));
    }

    @Test
    void showJsonPrintsTheServersJsonOnOneLine() {
        server.json("GET", "/api/v1/searches/" + Canned.ID, Canned.SEARCH);

        CliRun run = run("search", "show", Canned.ID, "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(Canned.SEARCH));
    }

    @Test
    void cancelPostsAndPrintsTheNewState() {
        server.respond(
                "POST",
                "/api/v1/searches/" + Canned.ID + "/cancel",
                202,
                "application/json",
                Canned.search("CANCELLED", 2, 5, 63, 0, 0.84375, "cancelled by request"));

        CliRun run = run("search", "cancel", Canned.ID.toUpperCase());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("search " + Canned.ID + ": CANCELLED (cancelled by request)");
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/api/v1/searches/" + Canned.ID + "/cancel");
        });
    }

    @Test
    void resumePostsTheExtraGenerationsAndPrintsWhereTheSearchStands() {
        server.json(
                "POST",
                "/api/v1/searches/" + Canned.ID + "/resume",
                Canned.search("RUNNING", 2, 5, 63, 8, 0.84375, null));

        CliRun run = run("search", "resume", Canned.ID, "--generations", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("search " + Canned.ID + ": RUNNING at generation 2 of 5");
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.uri()).isEqualTo("/api/v1/searches/" + Canned.ID + "/resume");
            assertThat(Json.MAPPER.readTree(request.body())).isEqualTo(Json.MAPPER.readTree("{\"generations\":3}"));
        });
    }

    @Test
    void resumeRefusesAnImpossibleGenerationCountWithoutAsking() {
        CliRun run = run("search", "resume", Canned.ID, "--generations", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("lossforge: --generations must be between 1 and 1000, got 0");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void cancellingAnEndedSearchIsARefusal() {
        server.problem("POST", "/api/v1/searches/" + Canned.ID + "/cancel", 409, """
                {"type":"urn:lossforge:problem:conflict","title":"Conflict","status":409,
                 "detail":"search %s already ended SUCCEEDED"}""".formatted(Canned.ID));

        CliRun run = run("search", "cancel", Canned.ID);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("lossforge: search " + Canned.ID + " already ended SUCCEEDED");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMalformedIdIsRejectedBeforeAnyRequest() {
        CliRun run = run("search", "show", "3f6c1e2a");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("lossforge: '3f6c1e2a' is not a search id");
        assertThat(server.requests()).isEmpty();
    }
}
