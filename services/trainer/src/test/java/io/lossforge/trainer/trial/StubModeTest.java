package io.lossforge.trainer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.FailureKind;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.contract.SpecSchemas;
import io.lossforge.loss.LossCatalog;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.TestCredentials;
import io.lossforge.trainer.TrainerProperties;
import io.lossforge.trainer.training.TrainingProgress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stub trainer (profile {@code stub}): any dataset, 256 slots, a deterministic fitness, fault knobs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stub")
class StubModeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SpecSchemas CONTRACT = SpecSchemas.load(OpenApiDocument.LOCATION);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String root = Files.createTempDirectory("trainer-stub").toString();
        registry.add("lossforge.trainer.data-root", () -> root);
        registry.add("lossforge.trainer.slots", () -> "256");
        registry.add("lossforge.trainer.stub.delay", () -> "100ms");
        registry.add("lossforge.trainer.stub.steps", () -> "4");
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    private JsonNode run(String id, String expression) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // 2,000 validation images: the stub's fitness is whole images of them, 1/2000 apart as documented.
        String body = """
                {"trialId": "%s", "expression": "%s",
                 "task": {"dataset": "no-such-dataset", "model": "mlp", "trainSamples": 80, "validationSamples": 2000,
                          "epochs": 1, "batchSize": 4, "seed": 5}}
                """.formatted(id, expression);
        HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/trials"))
                        .header("Authorization", TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode view = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/trials/" + id))
                                    .header("Authorization", TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            if (!view.get("result").isNull()) {
                return view.get("result");
            }
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void anyDatasetIsAcceptedAndTheFitnessDependsOnlyOnLossAndTask() throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (String id : List.of("stub-a", "stub-b")) {
            results.add(run(id, "ce"));
        }
        assertThat(results.getFirst().get("outcome").asString()).isEqualTo("SUCCEEDED");
        double fitness = results.getFirst().get("validationAccuracy").asDouble();
        assertThat(fitness).isBetween(0.5, 1.0);
        assertThat(results.get(1).get("validationAccuracy").asDouble()).isEqualTo(fitness);
        JsonNode other = run("stub-c", "-(y * log(p)) + 0.1 * p * p");
        assertThat(other.get("validationAccuracy").isNull()
                        || other.get("validationAccuracy").asDouble() != fitness)
                .as("another loss, another fitness")
                .isTrue();
    }

    @Test
    void aStubSuccessCarriesBitsThatStandForItsFitnessAndMatchTheContract() throws Exception {
        JsonNode first = run("stub-bits-a", "ce");
        JsonNode second = run("stub-bits-b", "ce");
        assertThat(CONTRACT.validate(first, "/components/schemas/TrialResult", "stub result"))
                .isEmpty();
        TrialResult result = JSON.treeToValue(first, TrialResult.class);
        assertThat(result.validationImages()).as("the task's validationSamples").isEqualTo(2_000);
        assertThat((double) result.validationCorrectness().count() / 2_000).isEqualTo(result.validationAccuracy());
        assertThat(second.get("validationCorrect")).isEqualTo(first.get("validationCorrect"));
    }

    @Test
    void theStubMarksExactlyTheCountAskedForDeterministically() {
        for (int count : new int[] {0, 1, 999, 1_000, 1_999, 2_000}) {
            assertThat(StubTraining.correct(42, 2_000, count).count()).isEqualTo(count);
        }
        assertThat(StubTraining.correct(42, 2_000, 1_500)).isEqualTo(StubTraining.correct(42, 2_000, 1_500));
        assertThat(StubTraining.correct(43, 2_000, 1_500)).isNotEqualTo(StubTraining.correct(42, 2_000, 1_500));
    }

    @Test
    void theFailureKnobFailsTrialsWithTheConfiguredKind() throws Exception {
        TrainerProperties.Stub failing =
                new TrainerProperties.Stub(true, Duration.ofMillis(4), 2, FailureKind.OUT_OF_MEMORY, 1.0);
        TaskSpec task = new TaskSpec(
                        "any", "mlp", 80, 20, 1, null, 4, null, null, null, null, 1L, false, null, null, null)
                .withDefaults();
        TrialRecord record =
                new TrialRecord(new TrialRequest("f1", "ce", null, task), LossCatalog.resolve("ce", null), task, null);
        TrialResult result = new StubTraining(failing).run(record, record.progressSink());
        assertThat(result.outcome()).isEqualTo(TrialOutcome.FAILED);
        assertThat(result.failure().kind()).isEqualTo(FailureKind.OUT_OF_MEMORY);
        assertThat(record.progress()).as("progress after each step").isEqualTo(2);

        TrainerProperties.Stub healthy = new TrainerProperties.Stub(true, Duration.ofMillis(4), 2, null, 0);
        TrialRecord again =
                new TrialRecord(new TrialRequest("f2", "ce", null, task), LossCatalog.resolve("ce", null), task, null);
        assertThat(new StubTraining(healthy).run(again, TrainingProgress.NONE).outcome())
                .isNotEqualTo(TrialOutcome.FAILED);
    }
}
