package io.lossforge.orchestrator.security;

import static io.lossforge.orchestrator.TestCredentials.INTERNAL_TOKEN;
import static io.lossforge.orchestrator.TestCredentials.OPERATOR_KEY;
import static io.lossforge.orchestrator.TestCredentials.SCRAPE_TOKEN;
import static io.lossforge.orchestrator.TestCredentials.VIEWER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.contract.OpenApiDocument;
import io.lossforge.orchestrator.TestCredentials;
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
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every orchestrator operation of the spec, sent with each credential a caller may hold — none, a wrong
 * one, a viewer key, an operator key, the internal token, the scrape token, each in both header spellings
 * where they apply — on the port it lives on and on the other one. The expected answer follows from the
 * operation's documented role ({@code x-lossforge-role}) alone: 401 for no or a foreign credential, 403 for
 * a valid key of too small a role, 404 on the wrong port, and otherwise anything but 401/403 (the
 * placeholder ids and bodies make many of those 400 or 404, which is fine: authorization passed). A rule in
 * SecurityConfiguration that disagrees with the spec fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final OpenApiDocument SPEC = OpenApiDocument.load();
    private static final String WRONG = "lf_not-a-key-of-this-orchestrator-000000000000";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("security-matrix");
        registry.add("lossforge.orchestrator.home", home::toString);
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    InternalPort internal;

    /** A credential and how it is presented. */
    enum Caller {
        NONE(null, null),
        WRONG_KEY("Authorization", "Bearer " + WRONG),
        VIEWER_BEARER("Authorization", "Bearer " + VIEWER_KEY),
        VIEWER_HEADER("X-API-Key", VIEWER_KEY),
        OPERATOR_BEARER("Authorization", "Bearer " + OPERATOR_KEY),
        OPERATOR_HEADER("X-API-Key", OPERATOR_KEY),
        INTERNAL("Authorization", "Bearer " + INTERNAL_TOKEN),
        SCRAPER("Authorization", "Bearer " + SCRAPE_TOKEN),
        BASIC_SCHEME("Authorization", "Basic b3BlcmF0b3I6c2VjcmV0");

        final String header;
        final String value;

        Caller(String header, String value) {
            this.header = header;
            this.value = value;
        }

        boolean viewer() {
            return this == VIEWER_BEARER || this == VIEWER_HEADER || operator();
        }

        boolean operator() {
            return this == OPERATOR_BEARER || this == OPERATOR_HEADER;
        }
    }

    /** What {@code caller} must get from an operation of {@code role} on its own port: 401, 403, or 0 (passes). */
    static int expected(String role, Caller caller) {
        return switch (role) {
            case "viewer" -> caller.viewer() ? 0 : caller == Caller.SCRAPER ? 403 : 401;
            case "operator" -> caller.operator() ? 0 : caller.viewer() || caller == Caller.SCRAPER ? 403 : 401;
            case "internal" -> caller == Caller.INTERNAL ? 0 : 401;
            default -> throw new AssertionError("unknown role " + role);
        };
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (OpenApiDocument.Operation operation : SPEC.operations("orchestrator")) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(operation.key(), operation, caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("matrix")
    void eachOperationAnswersEachCallerAsItsRoleSays(String key, OpenApiDocument.Operation operation, Caller caller)
            throws Exception {
        String role = role(operation);
        boolean onInternal = operation.path().startsWith("/internal/");
        HttpResponse<String> response = send(operation, caller, onInternal ? internal.port() : port);
        int expected = expected(role, caller);
        String where = key + " as " + caller + " (role " + role + "): " + response.body();
        if (expected == 0) {
            assertThat(response.statusCode()).as(where).isNotIn(401, 403);
            assertThat(SPEC.responseCode(operation, response.statusCode()))
                    .as("documented status of " + where)
                    .isNotNull();
        } else {
            assertThat(response.statusCode()).as(where).isEqualTo(expected);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body())
                    .contains(
                            expected == 401 ? "urn:lossforge:problem:unauthorized" : "urn:lossforge:problem:forbidden");
            if (expected == 401) {
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
            assertThat(SPEC.responseCode(operation, expected))
                    .as("the spec documents " + expected + " for " + key)
                    .isEqualTo(Integer.toString(expected));
        }
    }

    /** The other port does not have the operation at all, whatever the credential. */
    @ParameterizedTest(name = "{0} on the wrong port")
    @MethodSource("wrongPort")
    void eachOperationIsAbsentFromTheOtherPort(String key, OpenApiDocument.Operation operation) throws Exception {
        boolean onInternal = operation.path().startsWith("/internal/");
        for (Caller caller : List.of(Caller.NONE, Caller.OPERATOR_BEARER, Caller.INTERNAL)) {
            HttpResponse<String> response = send(operation, caller, onInternal ? port : internal.port());
            assertThat(response.statusCode()).as(key + " as " + caller).isEqualTo(404);
            assertThat(response.body()).contains("urn:lossforge:problem:not-found");
        }
    }

    Stream<Arguments> wrongPort() {
        return SPEC.operations("orchestrator").stream().map(o -> Arguments.of(o.key(), o));
    }

    /** The spec itself: every operation names a role, the credential scheme that goes with it, and its refusals. */
    @Test
    void everyOperationDocumentsItsRoleSchemeAndRefusals() {
        for (OpenApiDocument.Operation operation : SPEC.operations()) {
            String role = role(operation);
            List<?> security = OpenApiDocument.list(operation.definition().get("security"));
            Set<String> schemes = new java.util.TreeSet<>();
            security.forEach(s -> schemes.addAll(OpenApiDocument.map(s).keySet()));
            assertThat(schemes)
                    .as(operation.key() + " security")
                    .isEqualTo(role.equals("internal") ? Set.of("internalToken") : Set.of("apiKey", "apiKeyHeader"));
            Map<String, Object> responses = SPEC.responses(operation);
            assertThat(responses).as(operation.key()).containsKey("401");
            if (!role.equals("internal")) {
                // The scrape token is a valid credential without a role: 403 on any API operation.
                assertThat(responses).as(operation.key()).containsKey("403");
            }
            if (operation.definition().containsKey("requestBody")) {
                assertThat(responses).as(operation.key() + " has a body").containsKey("413");
            }
        }
        assertThat(OpenApiDocument.map(SPEC.root().get("components")).get("securitySchemes"))
                .asString()
                .contains("apiKey", "apiKeyHeader", "internalToken");
    }

    @Test
    void healthIsOpenAndMetricsNeedTheScrapeToken() throws Exception {
        assertThat(get("/actuator/health", Caller.NONE, port).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", Caller.NONE, internal.port()).statusCode())
                .isEqualTo(200);
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics")) {
            assertThat(get(path, Caller.NONE, port).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, Caller.OPERATOR_BEARER, port).statusCode())
                    .as(path)
                    .isEqualTo(403);
            assertThat(get(path, Caller.INTERNAL, port).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, Caller.SCRAPER, port).statusCode()).as(path).isEqualTo(200);
            assertThat(get(path, Caller.SCRAPER, internal.port()).statusCode())
                    .as(path + " is not on the internal port")
                    .isEqualTo(404);
        }
        assertThat(get("/actuator/prometheus", Caller.SCRAPER, port).body()).contains("lossforge_");
    }

    @Test
    void twoDifferentCredentialsInOneRequestAreRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/searches"))
                .header("Authorization", "Bearer " + OPERATOR_KEY)
                .header("X-API-Key", VIEWER_KEY)
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("different credentials");
    }

    private static String role(OpenApiDocument.Operation operation) {
        Object role = operation.definition().get("x-lossforge-role");
        assertThat(role).as(operation.key() + " x-lossforge-role").isIn("viewer", "operator", "internal");
        return (String) role;
    }

    private HttpResponse<String> get(String path, Caller caller, int port) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (caller.header != null) {
            request.header(caller.header, caller.value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(OpenApiDocument.Operation operation, Caller caller, int port) throws Exception {
        String path =
                operation.path().replace("{id}", UUID.randomUUID().toString()).replace("{hash}", "0123456789abcdef");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json, text/plain");
        if (caller.header != null) {
            request.header(caller.header, caller.value);
        }
        boolean body = operation.definition().containsKey("requestBody");
        request.method(
                operation.method().toUpperCase(java.util.Locale.ROOT),
                body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
