package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.LossCatalog;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Expressions that start with '-' (cross-entropy is {@code -(y * log(p))}) are taken as expressions, not
 * options, by every command that takes one, with no '--' needed; and what 'loss show' prints can be
 * pasted back into 'loss eval' and 'search start'. Real unknown options stay one-line usage errors.
 */
class LeadingMinusExpressionTest {

    private static final String CE = "-(y * log(p))";
    private static final String[] BATCH = {"--logits", "[[1,2,3],[0,0,5]]", "--labels", "[2,0]", "--json"};

    private final FakeOrchestrator server = FakeOrchestrator.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        return run;
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void evalTakesALeadingMinusExpressionBeforeOrAfterItsOptions() {
        String catalog = ok(concat(new String[] {"loss", "eval", "ce"}, BATCH)).out();

        // ce is this expression with the sum reduction: the same value and gradient, wherever EXPR stands.
        assertThat(ok(concat(new String[] {"loss", "eval", CE, "--reduction", "sum"}, BATCH))
                        .out())
                .isEqualTo(catalog);
        assertThat(ok(concat(concat(new String[] {"loss", "eval", "--reduction", "sum"}, BATCH), CE))
                        .out())
                .isEqualTo(catalog);
    }

    @Test
    void showAndScreenTakeALeadingMinusExpression() {
        assertThat(ok("loss", "show", "-p", "--json").out()).contains("\"expression\": \"-p\"");
        assertThat(ok("loss", "show", "--json", "-log(p) * y").out()).contains("\"expression\": \"-log(p) * y\"");
        assertThat(ok("loss", "screen", CE).out()).contains("ACCEPTED");
        // A rejected loss is still judged as a loss (exit 3), not refused as an option.
        CliRun rejected = CliRun.of("loss", "screen", "-p");
        assertThat(rejected.exitCode()).isEqualTo(LossScreenCommand.REJECTED);
        assertThat(rejected.out()).contains("REJECTED");
    }

    @Test
    void unknownOptionsAreStillOneLineUsageErrors() {
        assertUnknownOption(CliRun.of("loss", "show", "--bogus"), "'--bogus'");
        assertUnknownOption(CliRun.of("loss", "show", "-x"), "'-x'");
        assertUnknownOption(CliRun.of(concat(new String[] {"loss", "eval", "--bogus", "ce"}, BATCH)), "'--bogus'");
        assertUnknownOption(CliRun.of("loss", "screen", CE, "--jsn"), "'--jsn'", "did you mean --json");
        assertUnknownOption(CliRun.of("loss", "show", CE, "--reduction=sum", "--verbose"), "'--verbose'");
    }

    @Test
    void aBrokenLeadingMinusExpressionIsAnExpressionError() {
        CliRun run = CliRun.of("loss", "show", "-(y *");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("invalid loss expression '-(y *'");
    }

    @Test
    void searchStartTakesLeadingMinusExpressionsAsOptionValues() {
        JsonNode search = startAndReadSearch("--seed-losses", CE, "--baselines", "-(y * (1 - p)^2 * log(p))");

        assertThat(search.get("seedLosses")).isEqualTo(Json.MAPPER.readTree("[\"ce\"]"));
        assertThat(search.get("baselines")).isEqualTo(Json.MAPPER.readTree("[\"focal\"]"));
    }

    @Test
    void searchStartSendsAnExpressionThatIsNoCatalogLossAsWritten() {
        // Seeds and baselines may be any loss expression since issue 11 (losses from papers).
        JsonNode search = startAndReadSearch("--seed-losses", "-(p * y)", "--baselines", "-(y * log(p)) + 0.5");

        assertThat(search.get("seedLosses")).isEqualTo(Json.MAPPER.readTree("[\"-(p * y)\"]"));
        assertThat(search.get("baselines")).isEqualTo(Json.MAPPER.readTree("[\"-(y * log(p)) + 0.5\"]"));
    }

    @Test
    void searchStartRefusesABrokenExpressionBeforeSendingIt() {
        CliRun run = CliRun.of(server.args(
                "search", "start", "--dataset", "fashion-mnist", "--model", "mlp", "--seed-losses", "-(p *"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("'-(p *' is not a valid loss expression");
        assertThat(server.requests()).isEmpty();
    }

    static List<String> catalogNames() {
        return LossCatalog.entries().stream().map(LossCatalog.Entry::name).toList();
    }

    @ParameterizedTest
    @MethodSource("catalogNames")
    void whatLossShowPrintsPastesBackIntoLossEval(String name) {
        Map<String, String> shown = shown(name);
        String byName = ok(concat(new String[] {"loss", "eval", name}, BATCH)).out();

        for (String form : List.of(shown.get("expression"), shown.get("simplified"))) {
            assertThat(ok(concat(new String[] {"loss", "eval", form, "--reduction", shown.get("reduction")}, BATCH))
                            .out())
                    .as(form)
                    .isEqualTo(byName);
        }
    }

    @ParameterizedTest
    @MethodSource("catalogNames")
    void whatLossShowPrintsPastesBackIntoSearchStart(String name) {
        Map<String, String> shown = shown(name);

        for (String form : List.of(shown.get("expression"), shown.get("simplified"), shown.get("hash"))) {
            JsonNode search = startAndReadSearch("--seed-losses", form);
            assertThat(search.get("seedLosses")).as(form).isEqualTo(Json.MAPPER.readTree("[\"" + name + "\"]"));
        }
    }

    /** The "label: value" lines of 'loss show' (up to the PyTorch code), as a user would copy them. */
    private static Map<String, String> shown(String name) {
        return ok("loss", "show", name)
                .out()
                .lines()
                .takeWhile(line -> !line.isBlank())
                .collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf(':')),
                        line -> line.substring(line.indexOf(':') + 1).strip()));
    }

    private JsonNode startAndReadSearch(String... options) {
        int before = server.requests().size();
        server.respond(
                "POST", "/api/v1/searches", 201, "application/json", Canned.search("QUEUED", 0, 5, 0, 0, null, null));
        ok(server.args(
                concat(new String[] {"search", "start", "--dataset", "fashion-mnist", "--model", "mlp"}, options)));
        assertThat(server.requests()).hasSize(before + 1);
        return server.requests().getLast().json().get("search");
    }

    private static void assertUnknownOption(CliRun run, String... fragments) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("lossforge: Unknown option: ")
                .contains(fragments);
    }
}
