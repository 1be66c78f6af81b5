package io.lossforge.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.contract.ContractChecks;
import io.lossforge.contract.ContractChecks.Exchange;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.orchestrator.security.InternalPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract checks are sensitive: each mutation of a copy of {@code api-spec/openapi.yaml} (a dropped
 * response field, a renamed problem type, a changed status code, a renamed enum value, a removed
 * operation, ...) is caught by the same checks {@link ApiContractTest} makes — against this running
 * orchestrator and real answers recorded from it — while the unchanged document passes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractMutationTest {

    private static final String SERVICE = "orchestrator";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OpenApiDocument SPEC = OpenApiDocument.load();
    private static final String UNKNOWN = "00000000-0000-0000-0000-000000000000";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("orchestrator-mutation");
        registry.add("lossforge.orchestrator.home", home::toString);
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    InternalPort internalPort;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private final List<Exchange> exchanges = new ArrayList<>();

    /**
     * Real answers of the orchestrator, recorded once: a created search, reads, refusals (a missing and an
     * insufficient credential among them), each sent with its operation's credential as a client would.
     */
    @BeforeAll
    void record() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/searches", """
                {"name": "mutation", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 100,
                 "validationSamples": 50}, "search": {"populationSize": 3, "generations": 1, "seedLosses": ["ce"]}}""");
        exchanges.add(new Exchange("POST /api/v1/searches", created));
        String id = JSON.readTree(created.body()).path("id").asString();
        exchanges.add(new Exchange("GET /api/v1/searches/{id}", send("GET", "/api/v1/searches/" + id, null)));
        exchanges.add(new Exchange("GET /api/v1/searches/{id}", send("GET", "/api/v1/searches/" + UNKNOWN, null)));
        exchanges.add(new Exchange("GET /api/v1/searches", send("GET", "/api/v1/searches?size=5", null)));
        exchanges.add(new Exchange("POST /api/v1/searches", send("POST", "/api/v1/searches", "{}")));
        exchanges.add(new Exchange(
                "POST /api/v1/losses/screen", send("POST", "/api/v1/losses/screen", "{\"expression\": \"ngl\"}")));
        exchanges.add(new Exchange(
                "POST /internal/v1/trainers",
                send("POST", "/internal/v1/trainers", "{\"url\": \"http://127.0.0.1:1/\", \"slots\": 1}")));
        exchanges.add(new Exchange(
                "POST /internal/v1/trainers", send("POST", "/internal/v1/trainers", "{\"url\": \"ftp://x\"}")));
        exchanges.add(new Exchange("GET /api/v1/searches", send("GET", "/api/v1/searches", null, null, port)));
        exchanges.add(new Exchange(
                "POST /api/v1/searches", send("POST", "/api/v1/searches", "{}", TestCredentials.VIEWER_KEY, port)));
        assertThat(exchanges)
                .extracting(e -> e.response().statusCode())
                .containsExactly(201, 200, 404, 200, 400, 200, 201, 400, 401, 403);
    }

    private List<String> findings(OpenApiDocument spec) {
        return ContractChecks.allFindings(
                spec, SERVICE, ApiContractTest::serverOf, ContractChecks.mappedEndpoints(handlerMapping), exchanges);
    }

    @Test
    void theUnchangedDocumentPassesEveryCheck() {
        assertThat(findings(SPEC)).isEmpty();
    }

    record Mutation(String name, Consumer<Map<String, Object>> change) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Mutation> mutations() {
        return List.of(
                new Mutation("drop the required field state from the SearchView response schema", root -> {
                    Map<String, Object> view = schema(root, "SearchView");
                    OpenApiDocument.map(view.get("properties")).remove("state");
                    ((List<?>) view.get("required")).remove("state");
                }),
                new Mutation(
                        "drop the field message from FieldError",
                        root -> OpenApiDocument.map(schema(root, "FieldError").get("properties"))
                                .remove("message")),
                new Mutation(
                        "rename the not-found problem type URI",
                        root -> constType(root, "NotFoundProblem").put("const", "urn:lossforge:problem:missing")),
                new Mutation(
                        "rename the invalid-request problem type URI",
                        root -> constType(root, "InvalidRequestProblem")
                                .put("const", "urn:lossforge:problem:bad-request")),
                new Mutation(
                        "rename the unauthorized problem type URI",
                        root -> constType(root, "UnauthorizedProblem")
                                .put("const", "urn:lossforge:problem:unauthenticated")),
                new Mutation(
                        "drop the 401 of listing searches",
                        root -> responses(root, "/api/v1/searches", "get").remove("401")),
                new Mutation(
                        "document the internal token for creating a search",
                        root -> OpenApiDocument.map(OpenApiDocument.map(OpenApiDocument.map(root.get("paths"))
                                                .get("/api/v1/searches"))
                                        .get("post"))
                                .put("security", List.of(Map.of("internalToken", List.of())))),
                new Mutation(
                        "document the internal channel on the public port",
                        root -> OpenApiDocument.map(
                                        OpenApiDocument.map(root.get("paths")).get("/internal/v1/trainers"))
                                .put("servers", List.of(Map.of("url", "http://localhost:8080")))),
                new Mutation("document 200 instead of 201 for creating a search", root -> {
                    Map<String, Object> responses = responses(root, "/api/v1/searches", "post");
                    responses.put("200", responses.remove("201"));
                }),
                new Mutation("document 422 instead of 400 for a refused trainer registration", root -> {
                    Map<String, Object> responses = responses(root, "/internal/v1/trainers", "post");
                    responses.put("422", responses.remove("400"));
                }),
                new Mutation("rename the enum value RUNNING of SearchState", root -> {
                    @SuppressWarnings("unchecked")
                    List<Object> values =
                            (List<Object>) schema(root, "SearchState").get("enum");
                    values.set(values.indexOf("RUNNING"), "ACTIVE");
                }),
                new Mutation("rename the enum value ACCEPTED of the screening verdict", root -> {
                    @SuppressWarnings("unchecked")
                    List<Object> values = (List<Object>) OpenApiDocument.map(OpenApiDocument.map(
                                            schema(root, "ScreenResponse").get("properties"))
                                    .get("verdict"))
                            .get("enum");
                    values.set(values.indexOf("ACCEPTED"), "PASSED");
                }),
                new Mutation(
                        "remove the operation GET /api/v1/searches/{id}/generations",
                        root -> OpenApiDocument.map(root.get("paths")).remove("/api/v1/searches/{id}/generations")),
                new Mutation("rename the request field slots of TrainerRegistration", root -> {
                    Map<String, Object> properties = OpenApiDocument.map(
                            schema(root, "TrainerRegistration").get("properties"));
                    properties.put("slotCount", properties.remove("slots"));
                }),
                new Mutation(
                        "lower the documented maximum of the Limit parameter",
                        root -> OpenApiDocument.map(OpenApiDocument.map(
                                                OpenApiDocument.map(OpenApiDocument.map(root.get("components"))
                                                                .get("parameters"))
                                                        .get("Limit"))
                                        .get("schema"))
                                .put("maximum", 500)));
    }

    @TestFactory
    Stream<DynamicTest> everyMutationOfTheDocumentFailsACheck() {
        return mutations().stream()
                .map(mutation -> DynamicTest.dynamicTest(mutation.name(), () -> {
                    OpenApiDocument mutated = SPEC.mutated(mutation.change());
                    assertThat(findings(mutated))
                            .as("findings with the mutation: " + mutation)
                            .isNotEmpty();
                }));
    }

    @Test
    void aMutationChangesOnlyTheCopy() {
        SPEC.mutated(root -> OpenApiDocument.map(root.get("paths")).clear());
        assertThat(SPEC.operations(SERVICE)).isNotEmpty();
    }

    private static Map<String, Object> schema(Map<String, Object> root, String name) {
        return OpenApiDocument.map(
                OpenApiDocument.map(OpenApiDocument.map(root.get("components")).get("schemas"))
                        .get(name));
    }

    /** The {@code type} property (with its const) in the allOf part of a problem schema. */
    private static Map<String, Object> constType(Map<String, Object> root, String problem) {
        for (Object part : OpenApiDocument.list(schema(root, problem).get("allOf"))) {
            Map<String, Object> p = OpenApiDocument.map(part);
            if (p.get("properties") instanceof Map<?, ?> properties && properties.get("type") != null) {
                return OpenApiDocument.map(properties.get("type"));
            }
        }
        throw new AssertionError(problem + " has no type const");
    }

    private static Map<String, Object> responses(Map<String, Object> root, String path, String method) {
        return OpenApiDocument.map(OpenApiDocument.map(OpenApiDocument.map(
                                OpenApiDocument.map(root.get("paths")).get(path))
                        .get(method))
                .get("responses"));
    }

    /**
     * As a client with the right credential: {@code /internal/**} as a trainer (internal port, internal
     * token), starting a search with the operator key, the rest (reads, screening) with the viewer key.
     */
    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        if (path.startsWith("/internal/")) {
            return send(method, path, body, TestCredentials.INTERNAL_TOKEN, internalPort.port());
        }
        boolean operator = method.equals("POST") && path.startsWith("/api/v1/searches");
        return send(method, path, body, operator ? TestCredentials.OPERATOR_KEY : TestCredentials.VIEWER_KEY, port);
    }

    /** {@code secret} as a Bearer credential (none when null) to {@code target}. */
    private HttpResponse<String> send(String method, String path, String body, String secret, int target)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (secret != null) {
            request.header("Authorization", TestCredentials.bearer(secret));
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
