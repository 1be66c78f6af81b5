package io.lossforge.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code --logits} and {@code --labels} JSON arrays of {@code loss eval}. Every problem becomes
 * an {@link InputException} naming the option, because "expected a number" alone does not say which of
 * the two arguments is wrong.
 */
final class BatchInput {

    private BatchInput() {}

    /** A non-empty, rectangular array of rows of finite numbers, e.g. {@code [[1, 2, 3], [0, 0, 5]]}. */
    static double[][] logits(String option, String text) {
        JsonNode root = parse(option, text);
        if (!root.isArray() || root.isEmpty()) {
            throw new InputException(option + " must be a non-empty JSON array of rows, e.g. [[1, 2, 3], [0, 0, 5]]");
        }
        double[][] rows = new double[root.size()][];
        for (int n = 0; n < rows.length; n++) {
            JsonNode row = root.get(n);
            if (!row.isArray() || row.isEmpty()) {
                throw new InputException(
                        option + ": row " + n + " must be a non-empty array of numbers, got " + abbreviate(row));
            }
            // Checked here, not left to the evaluator, so that the message points at the JSON the user wrote.
            if (row.size() != root.get(0).size()) {
                throw new InputException(option + ": the rows differ in length (row 0 has "
                        + root.get(0).size() + " values, row " + n + " has " + row.size() + ")");
            }
            rows[n] = new double[row.size()];
            for (int k = 0; k < row.size(); k++) {
                JsonNode value = row.get(k);
                // Jackson reads 1e400 as an infinite double; a logit must be a usable number.
                if (!value.isNumber()) {
                    throw new InputException(
                            option + ": row " + n + ", entry " + k + " must be a number, got " + abbreviate(value));
                }
                if (!Double.isFinite(value.doubleValue())) {
                    throw new InputException(
                            option + ": row " + n + ", entry " + k + " is beyond the range of a double");
                }
                rows[n][k] = value.doubleValue();
            }
        }
        return rows;
    }

    /** A non-empty array of integers, e.g. {@code [2, 0]}; range checks are left to the evaluator. */
    static int[] labels(String option, String text) {
        JsonNode root = parse(option, text);
        if (!root.isArray() || root.isEmpty()) {
            throw new InputException(option + " must be a non-empty JSON array of class indices, e.g. [2, 0]");
        }
        int[] labels = new int[root.size()];
        for (int n = 0; n < labels.length; n++) {
            JsonNode value = root.get(n);
            // Only integer literals: 1.0 or "1" are more likely a mix-up than a class index.
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new InputException(
                        option + ": entry " + n + " must be an integer class index, got " + abbreviate(value));
            }
            labels[n] = value.intValue();
        }
        return labels;
    }

    private static JsonNode parse(String option, String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            // getOriginalMessage() leaves out Jackson's multi-line source excerpt; the column replaces it.
            TokenStreamLocation location = e.getLocation();
            String where = location == null || location.getColumnNr() < 1 ? "" : " at column " + location.getColumnNr();
            throw new InputException(
                    option + " is not valid JSON" + where + ": " + withoutSource(e.getOriginalMessage()));
        }
    }

    /**
     * Some Jackson messages embed a second location, "(start marker at [Source: REDACTED ...])", which
     * says nothing useful here (sources are redacted) and is long; drop it.
     */
    static String withoutSource(String message) {
        String cleaned = message.replaceAll("\\s*\\([^()]*\\[Source:[^\\]]*\\]\\)", "");
        int source = cleaned.indexOf("[Source:");
        return source < 0 ? cleaned : cleaned.substring(0, source).strip();
    }

    private static String abbreviate(JsonNode node) {
        String text = Json.line(node);
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
