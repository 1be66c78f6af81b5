package io.lossforge.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * How the human forms show the orchestrator's JSON values. Absent and null values print as "-", so that
 * table columns never collapse; fitness (a validation accuracy) gets four decimals, enough to tell apart
 * accuracies measured on thousands of validation images.
 */
final class Views {

    private Views() {}

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** A string or number as text, "-" when absent or blank. */
    static String text(JsonNode node) {
        if (isAbsent(node)) {
            return "-";
        }
        String text = node.asString();
        return text.isBlank() ? "-" : text;
    }

    /** A value of a wire record as text, "-" when null or blank. */
    static String text(Object value) {
        String text = value == null ? "" : String.valueOf(value);
        return text.isBlank() ? "-" : text;
    }

    /** A fitness, e.g. {@code 0.8437}; "-" when null. */
    static String fitness(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** A fitness difference with its sign, e.g. {@code +0.0120}; "-" when null. */
    static String signed(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%+.4f", value);
    }

    /** An instant in UTC to the second, "-" when null. */
    static String instant(Instant value) {
        return value == null ? "-" : value.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A fitness, e.g. {@code 0.8437}. */
    static String fitness(JsonNode node) {
        return isAbsent(node) || !node.isNumber() ? "-" : String.format(Locale.ROOT, "%.4f", node.doubleValue());
    }

    /** A fitness difference with its sign, e.g. {@code +0.0120} or {@code -0.0031}. */
    static String signed(JsonNode node) {
        return isAbsent(node) || !node.isNumber() ? "-" : String.format(Locale.ROOT, "%+.4f", node.doubleValue());
    }

    /** A fraction in [0, 1] with two decimals, e.g. a diversity of {@code 0.88}. */
    static String fraction(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * A timestamp in UTC to the second, e.g. {@code 2025-06-01T09:30:00Z}: unambiguous wherever the
     * orchestrator runs. Accepts ISO-8601 text and epoch seconds (what Jackson writes when configured for
     * numeric dates); anything else is shown as sent.
     */
    static String instant(JsonNode node) {
        if (isAbsent(node)) {
            return "-";
        }
        try {
            Instant instant = node.isNumber()
                    ? Instant.ofEpochMilli(Math.round(node.doubleValue() * 1000))
                    : Instant.parse(node.asString());
            return instant.truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException | ArithmeticException e) {
            return node.asString();
        }
    }
}
