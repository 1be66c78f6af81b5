package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.contract.SpecSchemas;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The canned orchestrator answers the CLI's tests run against ({@link Canned}, {@link FakeOrchestrator})
 * are valid answers of the operations they fake, by the same schemas (networknt, JSON Schema 2020-12,
 * no undocumented properties) the services' contract tests check real answers with: the CLI cannot be
 * tested against a shape the services do not send.
 */
class FixturesMatchTheSpecTest {

    private static final SpecSchemas SPEC = SpecSchemas.load(Path.of("../api-spec/openapi.yaml"));

    record Fixture(String name, String body, String pointer) {}

    private static String ok(String path, String method) {
        return SpecSchemas.responsePointer(path, method, "200", "application/json");
    }

    static List<Fixture> fixtures() {
        return List.of(
                new Fixture("Canned.SEARCH", Canned.SEARCH, ok("/api/v1/searches/{id}", "get")),
                new Fixture("Canned.PAGE", Canned.PAGE, ok("/api/v1/searches", "get")),
                new Fixture("Canned.STUDY", Canned.STUDY, ok("/api/v1/studies/{id}", "get")),
                new Fixture(
                        "Canned.LEADERBOARD (search)",
                        Canned.LEADERBOARD,
                        ok("/api/v1/searches/{id}/leaderboard", "get")),
                new Fixture("Canned.LEADERBOARD (global)", Canned.LEADERBOARD, ok("/api/v1/leaderboard", "get")),
                new Fixture("Canned.CANDIDATES", Canned.CANDIDATES, ok("/api/v1/searches/{id}/candidates", "get")),
                new Fixture(
                        "Canned.HALL_OF_FAME", Canned.HALL_OF_FAME, ok("/api/v1/searches/{id}/hall-of-fame", "get")),
                new Fixture("Canned.TRAINERS", Canned.TRAINERS, ok("/api/v1/trainers", "get")),
                new Fixture(
                        "Canned.INVALID_SEARCH",
                        Canned.INVALID_SEARCH,
                        SpecSchemas.responsePointer("/api/v1/searches", "post", "400", "application/problem+json")),
                new Fixture(
                        "Canned.search(running, best)",
                        Canned.search("RUNNING", 1, 3, 12, 4, 0.61, null),
                        ok("/api/v1/searches/{id}", "get")),
                new Fixture(
                        "Canned.search(failed, no best)",
                        Canned.search("FAILED", 0, 3, 6, 0, null, "no trainer"),
                        ok("/api/v1/searches/{id}", "get")),
                new Fixture(
                        "Canned.generation(...)",
                        "[" + Canned.generation(0, 0.61, 0.55, 0.9) + "," + Canned.generation(1, null, null, 0.0) + "]",
                        ok("/api/v1/searches/{id}/generations", "get")),
                new Fixture(
                        "FakeOrchestrator's unknown route",
                        FakeOrchestrator.notFound("/api/v1/nowhere"),
                        "/components/schemas/FrameworkProblem"));
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureIsAValidAnswerOfTheOperationItFakes() {
        return fixtures().stream()
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> {
                    JsonNode body = Json.MAPPER.readTree(f.body());
                    assertThat(SPEC.validate(body, f.pointer(), f.name())).isEmpty();
                }));
    }

    @Test
    void aFixtureWithADriftedFieldIsRefused() {
        String drifted = Canned.SEARCH.replace("\"state\":\"RUNNING\"", "\"status\":\"RUNNING\"");
        assertThat(SPEC.validate(Json.MAPPER.readTree(drifted), ok("/api/v1/searches/{id}", "get"), "drifted"))
                .isNotEmpty();
    }
}
