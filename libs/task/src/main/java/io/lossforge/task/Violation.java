package io.lossforge.task;

import java.util.List;
import java.util.Objects;

/**
 * A broken limit of a spec (the task, the search): the JSON field name and what is wrong with it. The
 * services turn these into the {@code errors} of a 400 problem, the CLI into one line naming the option.
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field);
        Objects.requireNonNull(message);
    }

    /** Adds a violation to {@code out} when {@code value} is outside {@code [min, max]}. */
    public static void range(List<Violation> out, String field, int value, int min, int max) {
        if (value < min || value > max) {
            out.add(new Violation(field, "must be between " + min + " and " + max));
        }
    }

    /** {@code value}, or {@code fallback} when it is null: how unset spec fields take their defaults. */
    public static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    @Override
    public String toString() {
        return field + " " + message;
    }
}
