package io.lossforge.orchestrator.security;

import io.lossforge.contract.MalformedCorpus;
import io.lossforge.contract.MalformedCorpus.Answer;
import io.lossforge.contract.MalformedCorpus.Probe;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.TestCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 10: every operation of the orchestrator in {@code api-spec/openapi.yaml} gets the generated corpus
 * of malformed requests ({@link MalformedCorpus}), each with a credential that may call it (the operator key
 * on the public port, the internal token on the internal one), so that what is tested is the request's
 * shape, not its authorization. None may be a 5xx or go unanswered; at least 90 % must be refused with
 * 400, 404, 413 or 415 as problem+json; every refusal must be problem+json; and afterwards the service is
 * healthy, no malformed request started a search or registered a trainer, and the valid request of every
 * operation (the control) passes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedCorpusTest {

    private static final String SERVICE = "orchestrator";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("orchestrator-corpus");
        registry.add("lossforge.orchestrator.home", home::toString);
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    InternalPort internalPort;

    @Autowired
    OrchestratorProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = MalformedCorpus.client();

    private Answer send(Probe probe) {
        boolean internal = probe.operation().path().startsWith("/internal/");
        URI server = URI.create("http://127.0.0.1:" + (internal ? internalPort.port() : port));
        String credential = internal ? TestCredentials.INTERNAL_TOKEN : TestCredentials.OPERATOR_KEY;
        return MalformedCorpus.send(http, server, TestCredentials.bearer(credential), probe);
    }

    @Test
    void malformedRequestsAreRefusedAsProblemsAndLeaveTheServiceHealthy() throws Exception {
        OpenApiDocument spec = OpenApiDocument.load();
        MalformedCorpus corpus =
                new MalformedCorpus(spec, properties.limits().maxBody().toBytes());
        List<Probe> probes = corpus.generate(SERVICE);
        long started = System.nanoTime();
        List<Answer> answers = MalformedCorpus.sendAll(probes, this::send);
        System.out.println(MalformedCorpus.table(SERVICE, answers));
        Path dump = Path.of("target", "malformed-corpus-" + SERVICE + ".txt");
        MalformedCorpus.dump(dump, answers);
        System.out.println("every answer: " + dump.toAbsolutePath());
        List<Answer> offSet = answers.stream()
                .filter(a -> !MalformedCorpus.refusedAsProblem(a))
                .toList();
        System.out.println("answers outside {400,404,413,415} as problem+json (" + offSet.size() + "):");
        offSet.forEach(a -> System.out.println("  " + a));
        System.out.printf("sent in %.1f s%n", (System.nanoTime() - started) / 1e9);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(probes.size()).as("corpus size").isGreaterThanOrEqualTo(200);
        soft.assertThat(answers.stream().map(a -> a.probe().operation().key()).collect(Collectors.toSet()))
                .as("every operation of the service is in the corpus")
                .containsExactlyInAnyOrderElementsOf(spec.operations(SERVICE).stream()
                        .map(OpenApiDocument.Operation::key)
                        .toList());
        soft.assertThat(answers.stream().filter(a -> a.status() < 0 || a.status() >= 500))
                .as("no 5xx, no request unanswered")
                .isEmpty();
        soft.assertThat(answers.stream().filter(a -> a.status() >= 300 && !a.problemJson()))
                .as("every refusal is application/problem+json")
                .isEmpty();
        long refused =
                answers.stream().filter(MalformedCorpus::refusedAsProblem).count();
        soft.assertThat(100.0 * refused / answers.size())
                .as("%% of answers 400/404/413/415 as problem+json")
                .isGreaterThanOrEqualTo(90.0);
        soft.assertThat(jdbc.queryForObject("select count(*) from search", Long.class))
                .as("searches started by malformed requests")
                .isZero();
        soft.assertThat(jdbc.queryForObject("select count(*) from trainer", Long.class))
                .as("trainers registered by malformed requests")
                .isZero();

        // Healthy afterwards on both ports.
        for (int p : List.of(port, internalPort.port())) {
            HttpResponse<String> health = health(p);
            soft.assertThat(health.statusCode()).as("health on port " + p).isEqualTo(200);
            soft.assertThat(health.body()).as("health on port " + p).contains("\"status\":\"UP\"");
        }
        // Then the valid request of every operation (valid parameters, the unmutated base body) passes validation:
        // the service still works, and the refusals above were due to the mutations. Sent last, as a valid
        // search creation or trainer registration is one.
        List<Answer> controls =
                corpus.controls(SERVICE).stream().map(this::send).toList();
        System.out.println("controls (the unmutated requests):");
        controls.forEach(a -> System.out.println("  " + a));
        soft.assertThat(controls)
                .as("valid requests pass validation: 2xx, or LossForge's 404 for an unknown id")
                .allMatch(MalformedCorpus::accepted);
        soft.assertAll();
    }

    private HttpResponse<String> health(int port) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
