package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LossShowCommandTest {

    // Literal, not recomputed with LossHash: the hash is the identity of stored evaluations (and is quoted
    // in the README), so a change to how it is computed must fail here rather than follow silently.
    private static final String NGL_HASH = "d4ef42ffeaf5978a";

    @Test
    void showsEveryFormOfACatalogEntry() {
        CliRun run = CliRun.of("loss", "show", "ngl");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("hash:        " + NGL_HASH)
                .contains("torch.softmax")
                .contains("reduction:   mean")
                .contains("Next Generation Loss")
                .contains("arXiv:2404.12948")
                .contains("expression:  exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))")
                .contains("latex:");
    }

    @Test
    void jsonHasAllFieldsAndTheSameHash() {
        CliRun run = CliRun.of("loss", "show", "ngl", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("name").asString()).isEqualTo("ngl");
        assertThat(json.get("hash").asString()).isEqualTo(NGL_HASH);
        assertThat(json.get("reduction").asString()).isEqualTo("mean");
        assertThat(json.get("pytorch").asString()).contains("def loss(logits, target):");
        assertThat(json.get("latex").asString()).contains("\\cos");
        assertThat(json.get("simplified").asString()).isEqualTo("exp(2.4092 - (1 + y) * p) - cos(cos(sin(p)))");
        assertThat(json.get("description").asString()).isEqualTo("Next Generation Loss (alpha = 2.4092)");
        assertThat(json.get("source").asString())
                .startsWith("Akhmedova & Koerber 2024")
                .endsWith("arXiv:2404.12948");
    }

    @Test
    void expressionsHaveNoCatalogFieldsAndDefaultToMean() {
        CliRun run = CliRun.of("loss", "show", "y*p + 1", "--json");

        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.has("name")).isFalse();
        assertThat(json.get("expression").asString()).isEqualTo("y * p + 1");
        assertThat(json.get("reduction").asString()).isEqualTo("mean");
        // Equivalent spellings share the hash: that is what the hash is for.
        assertThat(json.get("hash").asString())
                .isEqualTo(Json.MAPPER
                        .readTree(CliRun.of("loss", "show", "1 + p*y", "--json").out())
                        .get("hash")
                        .asString());
    }

    @Test
    void reductionOptionOverridesTheCatalogAndChangesTheHash() {
        CliRun run = CliRun.of("loss", "show", "ngl", "--reduction", "SUM", "--json");

        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("reduction").asString()).isEqualTo("sum");
        // The same as the expression typed out with the same reduction (what the hash is computed from).
        String typedOut = Json.MAPPER
                .readTree(CliRun.of(
                                "loss",
                                "show",
                                "exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))",
                                "--reduction",
                                "sum",
                                "--json")
                        .out())
                .get("hash")
                .asString();
        assertThat(json.get("hash").asString())
                .isEqualTo(typedOut)
                .isEqualTo("7cde528554860d33")
                .isNotEqualTo(NGL_HASH);
        assertThat(json.get("pytorch").asString()).contains("f.sum(dim=1).mean()");
    }
}
