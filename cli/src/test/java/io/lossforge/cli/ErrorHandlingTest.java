package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every failure is one line on stderr starting with "lossforge: ", no stack trace, and exit code 2. */
class ErrorHandlingTest {

    private static void assertOneLineError(CliRun run, String... fragments) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("lossforge: ").contains(fragments);
            assertThat(line).doesNotContain("Exception").doesNotContain("\tat ");
        });
    }

    @Test
    void badExpressionNamesThePosition() {
        assertOneLineError(
                CliRun.of("loss", "eval", "exp(p", "--logits", "[[1]]", "--labels", "[0]"), "exp(p", "position 5");
    }

    @Test
    void badExpressionInEveryCommand() {
        assertOneLineError(CliRun.of("loss", "show", "foo(p)"), "unknown name 'foo'");
        assertOneLineError(CliRun.of("loss", "screen", "p +"), "position 3");
    }

    @Test
    void raggedLogits() {
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[[1,2,3],[4,5]]", "--labels", "[0,1]"),
                "--logits",
                "row 1 has 2");
    }

    @Test
    void malformedJson() {
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[[1,2]", "--labels", "[0]"), "--logits is not valid JSON");
        assertThat(CliRun.of("loss", "eval", "ce", "--logits", "[[1,2]", "--labels", "[0]")
                        .err())
                .doesNotContain("[Source:");
    }

    @Test
    void nonNumericAndEmptyLogits() {
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[[1,\"a\"]]", "--labels", "[0]"),
                "row 0, entry 1 must be a number");
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[]", "--labels", "[0]"),
                "--logits must be a non-empty JSON array");
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[[1e400, 0]]", "--labels", "[0]"),
                "beyond the range of a double");
    }

    @Test
    void nonIntegerOrOutOfRangeLabels() {
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[[1,2]]", "--labels", "[0.5]"),
                "--labels: entry 0 must be an integer");
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[[1,2]]", "--labels", "[2]"),
                "label 2 of sample 0 is outside 0..1");
        assertOneLineError(
                CliRun.of("loss", "eval", "ce", "--logits", "[[1,2]]", "--labels", "[0,1]"),
                "1 rows of logits but 2 labels");
    }

    @Test
    void usageErrors() {
        assertOneLineError(
                CliRun.of("loss", "show", "ce", "--bogus"), "Unknown option: '--bogus'", "lossforge loss show --help");
        assertOneLineError(CliRun.of("loss", "show"), "EXPR");
        assertOneLineError(CliRun.of("loss", "eval", "ce", "--labels", "[0]"), "--logits");
        assertOneLineError(CliRun.of("loss", "screen", "ce", "--reduction", "max"), "unknown reduction 'max'");
        assertOneLineError(CliRun.of("loss", "shwo", "ce"), "did you mean", "show");
        assertOneLineError(CliRun.of("loss"), "subcommand");
    }

    @Test
    void helpAndVersionWorkOnEveryCommand() {
        for (String[] command :
                new String[][] {{}, {"loss"}, {"loss", "show"}, {"loss", "eval"}, {"loss", "screen"}, {"loss", "list"}
                }) {
            String[] help = java.util.Arrays.copyOf(command, command.length + 1);
            help[command.length] = "--help";
            CliRun helpRun = CliRun.of(help);
            assertThat(helpRun.exitCode())
                    .as("help of %s", String.join(" ", command))
                    .isZero();
            assertThat(helpRun.out()).startsWith("Usage: lossforge");

            String[] version = java.util.Arrays.copyOf(command, command.length + 1);
            version[command.length] = "--version";
            CliRun versionRun = CliRun.of(version);
            assertThat(versionRun.exitCode()).isZero();
            assertThat(versionRun.out()).startsWith("lossforge ");
        }
    }

    @Test
    void helpDocumentsExitCodesAndNullForNonFiniteNumbers() {
        assertThat(CliRun.of("loss", "screen", "--help").out()).contains("3   the loss is rejected");
        assertThat(CliRun.of("loss", "eval", "--help").out()).contains("null");
    }
}
