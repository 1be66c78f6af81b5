package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LossScreenCommandTest {

    @Test
    void acceptedLossExitsZero() {
        CliRun run = CliRun.of("loss", "screen", "ce");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("verdict: ACCEPTED");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void lossWithoutYIsRejectedWithExitCode3() {
        CliRun run = CliRun.of("loss", "screen", "p * 2");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("REJECTED(MISSING_VARIABLE)").contains("does not use y");
        // A rejection is a verdict, not an error.
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonVerdict() {
        JsonNode rejected = Json.MAPPER.readTree(
                CliRun.of("loss", "screen", "p * 2", "--json").out());
        assertThat(rejected.get("verdict").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asString()).isEqualTo("MISSING_VARIABLE");
        assertThat(rejected.get("detail").asString()).contains("does not use y");

        CliRun run = CliRun.of("loss", "screen", "ngl", "--json");
        JsonNode accepted = Json.MAPPER.readTree(run.out());
        assertThat(run.exitCode()).isZero();
        assertThat(accepted.get("verdict").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("reason").isNull()).isTrue();
    }
}
