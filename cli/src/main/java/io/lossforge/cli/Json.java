package io.lossforge.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON for {@code --json} output: one object on one line, {@code {"key": value, ...}}, so that output can
 * be piped line by line into jq or another program.
 *
 * <p>JSON has no NaN or infinity (Jackson would write them as strings, which readers expecting numbers
 * trip over), so non-finite numbers are written as {@code null}.
 */
final class Json {

    /** The one mapper of the CLI; also used to read {@code --logits} and {@code --labels}. */
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Reads the orchestrator's views; a property a newer orchestrator adds is no reason to fail. */
    private static final ObjectReader VIEWS =
            MAPPER.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Single line, but with a space after ':' and ',' as people write JSON by hand. */
    private static final ObjectWriter LINE_WRITER = MAPPER.writer()
            .with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEntrySpacing(Separators.Spacing.AFTER)
                            .withArrayElementSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
                    .withObjectIndenter(DefaultPrettyPrinter.NopIndenter.instance())
                    .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance()));

    private Json() {}

    /** A JSON answer of the orchestrator as its libs/api wire type. */
    static <T> T view(JsonNode node, Class<T> type) {
        try {
            return VIEWS.forType(type).readValue(node);
        } catch (JacksonException e) {
            // A server of another version, or not an orchestrator at all: say so, not a stack trace.
            throw new ApiException(
                    LossForgeCli.SERVER_FAILED,
                    0,
                    node,
                    "the orchestrator's answer is not a " + type.getSimpleName().replace("[]", " list") + ": "
                            + e.getOriginalMessage());
        }
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** A number, or {@code null} when it is NaN or infinite. */
    static JsonNode number(double value) {
        return Double.isFinite(value)
                ? JsonNodeFactory.instance.numberNode(value)
                : JsonNodeFactory.instance.nullNode();
    }

    /** A matrix as an array of rows, with {@link #number} for each entry. */
    static ArrayNode matrix(double[][] rows) {
        ArrayNode matrix = array();
        for (double[] row : rows) {
            ArrayNode values = matrix.addArray();
            for (double value : row) {
                values.add(number(value));
            }
        }
        return matrix;
    }

    /** The one-line text of {@code node}. */
    static String line(JsonNode node) {
        return LINE_WRITER.writeValueAsString(node);
    }
}
