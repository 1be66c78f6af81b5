package io.lossforge.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.contract.ContractChecks;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.model.ModelKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trainer against the REST contract {@code api-spec/openapi.yaml} (operations with
 * {@code x-service: trainer}): every documented operation is mapped, every mapped {@code /api/**} and
 * {@code /internal/**} endpoint is documented, handlers and documented schemas agree, and real requests
 * over HTTP get documented status codes with documented bodies. No valid trial is ever submitted, so
 * nothing trains.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiContractTest {

    private static final String SERVICE = "trainer";
    private static final String SERVER = "http://localhost:8081";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final OpenApiDocument SPEC = OpenApiDocument.load();
    private static final Path DATA_ROOT;

    static {
        try {
            DATA_ROOT = Files.createTempDirectory("trainer-contract");
            SyntheticIdxDataset.write(DATA_ROOT, "synthetic", 200, 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lossforge.trainer.data-root", DATA_ROOT::toString);
        registry.add("lossforge.trainer.slots", () -> "1");
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    /**
     * A request that must get {@code expected}, a status the operation documents, presenting {@code token}
     * (none when null).
     */
    record Probe(String operation, String why, String method, String path, String body, int expected, String token) {

        /** With the internal token, the credential every trainer operation's role (internal) names. */
        Probe(String operation, String why, String method, String path, String body, int expected) {
            this(operation, why, method, path, body, expected, TestCredentials.INTERNAL_TOKEN);
        }

        @Override
        public String toString() {
            return operation + " — " + why + " → " + expected;
        }
    }

    private static final String VALID_TASK = """
            {"dataset": "synthetic", "model": "mlp", "trainSamples": 100, "validationSamples": 50}""";

    /** At least one request per documented operation; none of them starts a trial. */
    private List<Probe> probes() {
        return List.of(
                new Probe("GET /api/v1/models", "the model families", "GET", "/api/v1/models", null, 200),
                new Probe("GET /api/v1/models", "without the internal token", "GET", "/api/v1/models", null, 401, null),
                new Probe(
                        "POST /api/v1/trials",
                        "a body over the 256 kB limit",
                        "POST",
                        "/api/v1/trials",
                        "{\"trialId\": \"big\", \"expression\": \"" + "p".repeat(300_000) + "\"}",
                        413),
                new Probe(
                        "GET /api/v1/datasets", "the datasets of the data root", "GET", "/api/v1/datasets", null, 200),
                new Probe(
                        "POST /api/v1/trials", "fields breaking their annotations", "POST", "/api/v1/trials", """
                        {"trialId": "not valid!", "expression": " ", "reduction": "max"}""", 400),
                new Probe(
                        "POST /api/v1/trials",
                        "a bad expression, unknown model and dataset, a broken limit",
                        "POST",
                        "/api/v1/trials",
                        """
                        {"trialId": "contract-1", "expression": "exp(p",
                         "task": {"dataset": "nope", "model": "vgg", "epochs": 0}}""",
                        400),
                new Probe(
                        "POST /api/v1/trials",
                        "unreadable JSON",
                        "POST",
                        "/api/v1/trials",
                        "{\"trialId\": \"contract-2\", \"task\": " + VALID_TASK,
                        400),
                new Probe(
                        "GET /api/v1/trials/{trialId}",
                        "an unknown trial",
                        "GET",
                        "/api/v1/trials/never-submitted",
                        null,
                        404),
                new Probe(
                        "DELETE /api/v1/trials/{trialId}",
                        "an unknown trial",
                        "DELETE",
                        "/api/v1/trials/never-submitted",
                        null,
                        404));
    }

    // ───────────────────────── the document ─────────────────────────

    @Test
    void everyOperationNamesItsServiceAndThisServiceIsWellDescribed() {
        assertThat(SPEC.operations(SERVICE))
                .as("operations with x-service: " + SERVICE)
                .isNotEmpty();
        assertThat(ContractChecks.documentFindings(SPEC, SERVICE, SERVER)).isEmpty();
    }

    @Test
    void documentedTaskLimitsAreThoseOfTaskSpec() {
        assertBounds("trainSamples", 1, TaskSpec.MAX_TRAIN_SAMPLES, TaskSpec.DEFAULT_TRAIN_SAMPLES);
        assertBounds("validationSamples", 1, TaskSpec.MAX_VALIDATION_SAMPLES, TaskSpec.DEFAULT_VALIDATION_SAMPLES);
        assertBounds("epochs", 1, TaskSpec.MAX_EPOCHS, TaskSpec.DEFAULT_EPOCHS);
        assertBounds("steps", 1, TaskSpec.MAX_STEPS, null);
        assertBounds("batchSize", 1, TaskSpec.MAX_BATCH_SIZE, TaskSpec.DEFAULT_BATCH_SIZE);
        assertBounds("samplesPerClass", 1, TaskSpec.MAX_SAMPLES_PER_CLASS, null);
        assertThat(SPEC.property("TaskSpec", "optimizer"))
                .containsEntry("enum", TaskSpec.OPTIMIZERS)
                .containsEntry("default", TaskSpec.DEFAULT_OPTIMIZER);
        assertThat(SPEC.property("TaskSpec", "learningRate"))
                .containsEntry("exclusiveMinimum", 0)
                .containsEntry("maximum", (int) TaskSpec.MAX_LEARNING_RATE)
                .containsEntry("default", TaskSpec.DEFAULT_LEARNING_RATE);
        assertThat(SPEC.property("TaskSpec", "momentum"))
                .containsEntry("minimum", 0)
                .containsEntry("exclusiveMaximum", 1)
                .containsEntry("default", TaskSpec.DEFAULT_MOMENTUM);
        assertThat(SPEC.property("TaskSpec", "weightDecay"))
                .containsEntry("minimum", 0)
                .containsEntry("maximum", 1);
        assertThat(SPEC.schema("TaskSpec").get("required")).isEqualTo(List.of("dataset", "model"));
        String models = String.valueOf(SPEC.property("TaskSpec", "model").get("description"));
        assertThat(ModelKind.ids()).allSatisfy(id -> assertThat(models).contains("`" + id + "`"));
    }

    private static void assertBounds(String field, int min, int max, Integer defaultValue) {
        Map<String, Object> property = SPEC.property("TaskSpec", field);
        assertThat(property)
                .as("TaskSpec." + field)
                .containsEntry("minimum", min)
                .containsEntry("maximum", max);
        if (defaultValue != null) {
            assertThat(property).as("TaskSpec." + field).containsEntry("default", defaultValue);
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
        assertThat(probe.method()).isEqualTo(op.method());
        assertThat(probe.path().replaceAll("\\?.*", ""))
                .as("probe path fits the template")
                .matches(op.path().replaceAll("\\{[^/]+}", "[^/]+"));
        assertThat(SPEC.responses(op).keySet())
                .as("documented responses of " + op.key())
                .contains(Integer.toString(probe.expected()));

        // Each operation is called with the credential its x-lossforge-role names (the trainer's: internal).
        assertThat(op.definition().get("x-lossforge-role"))
                .as("x-lossforge-role of " + op.key())
                .isEqualTo("internal");
        HttpResponse<String> response = send(probe.method(), probe.path(), probe.body(), probe.token());
        assertThat(response.statusCode()).as(probe + ": " + response.body()).isEqualTo(probe.expected());
        assertThat(ContractChecks.responseFindings(SPEC, op, response))
                .as(response.body())
                .isEmpty();
    }

    @Test
    void documentedOperationalEndpointsAnswer() throws Exception {
        List<String> paths = ContractChecks.operationalPaths(SPEC, SERVICE);
        assertThat(paths).contains("/actuator/health", "/actuator/prometheus");
        for (String path : paths) {
            // Health is open; the metrics need the scrape token (the spec's description says so).
            String token = path.startsWith("/actuator/health") ? null : TestCredentials.SCRAPE_TOKEN;
            assertThat(send("GET", path, null, token).statusCode()).as(path).isEqualTo(200);
        }
    }

    /** {@code token} as a Bearer credential; none when null. */
    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", TestCredentials.bearer(token));
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
