package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.LossCatalog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LossListCommandTest {

    @Test
    void listsEveryCatalogEntryOnItsOwnLine() {
        CliRun run = CliRun.of("loss", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1 + LossCatalog.entries().size());
        assertThat(run.out().lines().skip(1).map(line -> line.split(" +")[0]))
                .containsExactlyElementsOf(LossCatalog.entries().stream()
                        .map(LossCatalog.Entry::name)
                        .toList());
        assertThat(run.out()).contains("ngl     mean       exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))");
    }

    @Test
    void jsonListHasOneObjectPerEntry() {
        JsonNode json = Json.MAPPER.readTree(CliRun.of("loss", "list", "--json").out());

        assertThat(json.isArray()).isTrue();
        assertThat(json.size()).isEqualTo(LossCatalog.entries().size());
        assertThat(json.get(0).get("name").asString()).isEqualTo("ce");
        assertThat(json.get(0).get("reduction").asString()).isEqualTo("sum");
    }
}
