package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LossEvalCommandTest {

    private static double[][] grad(JsonNode json) {
        JsonNode rows = json.get("grad");
        double[][] grad = new double[rows.size()][];
        for (int n = 0; n < grad.length; n++) {
            grad[n] = new double[rows.get(n).size()];
            for (int k = 0; k < grad[n].length; k++) {
                grad[n][k] = rows.get(n).get(k).doubleValue();
            }
        }
        return grad;
    }

    @Test
    void crossEntropyAtEqualLogitsIsLn3WithGradientPMinusOneHot() {
        CliRun run = CliRun.of("loss", "eval", "ce", "--logits", "[[0,0,0]]", "--labels", "[1]", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.propertyNames()).containsExactly("loss", "grad");
        assertThat(json.get("loss").doubleValue()).isCloseTo(Math.log(3), within(1e-12));
        double[][] grad = grad(json);
        assertThat(grad).hasDimensions(1, 3);
        assertThat(grad[0][0]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(grad[0][1]).isCloseTo(-2.0 / 3, within(1e-12));
        assertThat(grad[0][2]).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void reductionOptionRescalesTheLossAndGradient() {
        // mean over N x C = 3 entries instead of the catalog's sum over classes.
        CliRun run = CliRun.of(
                "loss", "eval", "ce", "--reduction", "mean", "--logits", "[[0,0,0]]", "--labels", "[1]", "--json");

        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("loss").doubleValue()).isCloseTo(Math.log(3) / 3, within(1e-12));
        assertThat(grad(json)[0][1]).isCloseTo(-2.0 / 9, within(1e-12));
    }

    @Test
    void gradientHasTheShapeOfTheLogits() {
        CliRun run = CliRun.of("loss", "eval", "ngl", "--logits", "[[1,2,3],[0,0,5]]", "--labels", "[2,0]", "--json");

        assertThat(run.exitCode()).isZero();
        double[][] grad = grad(Json.MAPPER.readTree(run.out()));
        assertThat(grad).hasDimensions(2, 3);
        // Softmax gradients sum to zero over the classes of each sample.
        for (double[] row : grad) {
            assertThat(row[0] + row[1] + row[2]).isCloseTo(0.0, within(1e-12));
        }
    }

    @Test
    void nonFiniteValuesAreWrittenAsNull() {
        // exp is not clamped: at p close to 1, exp(1000 * p) overflows to infinity.
        CliRun run =
                CliRun.of("loss", "eval", "exp(1000 * p) * y", "--logits", "[[50, 0]]", "--labels", "[0]", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("Infinity").doesNotContain("NaN");
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("loss").isNull()).isTrue();
        assertThat(json.get("grad").get(0).get(0).isNull()).isTrue();
    }

    @Test
    void humanOutputShowsLossAndOneLinePerGradientRow() {
        CliRun run = CliRun.of("loss", "eval", "ce", "--logits", "[[0,0,0],[0,0,0]]", "--labels", "[1,2]");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("loss: ");
        assertThat(Double.parseDouble(lines.get(0).substring("loss: ".length())))
                .isCloseTo(Math.log(3), within(1e-12));
        assertThat(lines.get(1)).isEqualTo("grad:");
        // Two samples, sum over classes, mean over samples: (p - onehot) / 2.
        assertThat(row(lines.get(2))).containsExactly(new double[] {1.0 / 6, -1.0 / 3, 1.0 / 6}, within(1e-12));
        assertThat(row(lines.get(3))).containsExactly(new double[] {1.0 / 6, 1.0 / 6, -1.0 / 3}, within(1e-12));
    }

    private static double[] row(String line) {
        assertThat(line).startsWith("  [").endsWith("]");
        return Arrays.stream(line.substring(3, line.length() - 1).split(", "))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }
}
