package io.lossforge.trainer.security;

import io.lossforge.contract.MalformedCorpus;
import io.lossforge.contract.MalformedCorpus.Answer;
import io.lossforge.contract.MalformedCorpus.Probe;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.trainer.TestCredentials;
import io.lossforge.trainer.TrainerProperties;
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
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 10: every operation of the trainer in {@code api-spec/openapi.yaml} gets the generated corpus of
 * malformed requests ({@link MalformedCorpus}), each with the internal token, so that what is tested is the
 * request's shape, not its authorization. None may be a 5xx or go unanswered; at least 90 % must be refused
 * with 400, 404, 413 or 415 as problem+json; every refusal must be problem+json; no malformed request may start
 * a trial; and afterwards the trainer is healthy and the valid request of every operation (the control) passes.
 * The stub profile trains without DJL: what is tested is the HTTP surface, not training.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stub")
class MalformedCorpusTest {

    private static final String SERVICE = "trainer";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String root = Files.createTempDirectory("trainer-corpus").toString();
        registry.add("lossforge.trainer.data-root", () -> root);
        TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    TrainerProperties properties;

    private final HttpClient http = MalformedCorpus.client();

    private Answer send(Probe probe) {
        return MalformedCorpus.send(
                http,
                URI.create("http://127.0.0.1:" + port),
                TestCredentials.bearer(TestCredentials.INTERNAL_TOKEN),
                probe);
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
        soft.assertThat(answers.stream()
                        .filter(a -> a.probe().method().equals("POST") && a.status() >= 200 && a.status() < 300))
                .as("trials started by malformed requests")
                .isEmpty();

        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        soft.assertThat(health.statusCode()).as("health").isEqualTo(200);
        soft.assertThat(health.body()).as("health").contains("\"status\":\"UP\"");

        // Then the valid request of every operation passes validation: the trainer still works, and the
        // refusals above were due to the mutations. Sent last, as a valid trial request starts a (stub) trial.
        List<Answer> controls =
                corpus.controls(SERVICE).stream().map(this::send).toList();
        System.out.println("controls (the unmutated requests):");
        controls.forEach(a -> System.out.println("  " + a));
        soft.assertThat(controls)
                .as("valid requests pass validation: 2xx, or LossForge's 404 for an unknown id")
                .allMatch(MalformedCorpus::accepted);
        soft.assertAll();
    }
}
