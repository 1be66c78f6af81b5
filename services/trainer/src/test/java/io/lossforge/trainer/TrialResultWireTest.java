package io.lossforge.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.contract.OpenApiDocument;
import io.lossforge.contract.SpecSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-image correctness and the initial-weights checksum on the wire: written as documented, read
 * back, and absent from older reports.
 */
class TrialResultWireTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SpecSchemas CONTRACT = SpecSchemas.load(OpenApiDocument.LOCATION);
    private static final String SCHEMA = "/components/schemas/TrialResult";

    @Test
    void aResultWithBitsRoundTripsAndMatchesTheContract() {
        CorrectnessBits bits = CorrectnessBits.of(new boolean[] {true, false, true, true, false});
        TrialResult result = new TrialResult(
                TrialOutcome.SUCCEEDED,
                0.6,
                0.9,
                null,
                0.7,
                List.of(),
                100.0,
                1.0,
                null,
                null,
                null,
                bits.size(),
                bits.toBase64(),
                "ab".repeat(32));
        JsonNode json = JSON.valueToTree(result);
        assertThat(CONTRACT.validate(json, SCHEMA, "result")).isEmpty();
        assertThat(json.get("initialWeightsChecksum").asString()).isEqualTo("ab".repeat(32));
        assertThat(json.get("validationImages").asInt()).isEqualTo(5);
        assertThat(json.get("validationCorrect").asString()).isEqualTo("DQ=="); // 1 + 4 + 8
        assertThat(json.has("validationCorrectness"))
                .as("a method, not a wire field")
                .isFalse();
        TrialResult read = JSON.treeToValue(json, TrialResult.class);
        assertThat(read).isEqualTo(result);
        assertThat(read.validationCorrectness()).isEqualTo(bits);
    }

    @Test
    void anOlderTrainersReportWithoutTheFieldsStillParses() {
        String older = """
                {"outcome": "SUCCEEDED", "validationAccuracy": 0.8, "validationLoss": 0.5, "testAccuracy": null,
                 "meanConfidence": 0.6, "epochs": [], "imagesPerSecond": 1.0, "wallSeconds": 1.0, "message": null}
                """;
        TrialResult read = JSON.readValue(older, TrialResult.class);
        assertThat(read.validationAccuracy()).isEqualTo(0.8);
        assertThat(read.validationImages()).isNull();
        assertThat(read.validationCorrect()).isNull();
        assertThat(read.validationCorrectness()).isNull();
        assertThat(read.initialWeightsChecksum()).isNull();
        assertThat(CONTRACT.validate(JSON.readTree(older), SCHEMA, "older")).isEmpty();
    }

    @Test
    void theContractRefusesBitsThatAreNotAString() {
        String wrong = """
                {"outcome": "SUCCEEDED", "validationAccuracy": 0.8, "validationLoss": 0.5, "testAccuracy": null,
                 "meanConfidence": 0.6, "epochs": [], "imagesPerSecond": 1.0, "wallSeconds": 1.0, "message": null,
                 "validationImages": 0, "validationCorrect": [1, 0]}
                """;
        assertThat(CONTRACT.validate(JSON.readTree(wrong), SCHEMA, "wrong"))
                .anySatisfy(f -> assertThat(f).contains("validationCorrect"))
                .anySatisfy(f -> assertThat(f).contains("validationImages"));
    }
}
