package io.lossforge.loss.testing;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one switch for tests that need a tool outside the JVM (torch, prometheus, chromium, ...): such a
 * test is skipped with a clear message when its tool is missing — unless the environment variable
 * {@value #VARIABLE} (a comma-separated list of tool names) names the tool, in which case a missing
 * tool fails the test. CI sets the variable where the tools are installed, so that a broken
 * installation cannot turn a real check into a silent skip.
 */
public final class RequiredTools {

    /** The environment variable listing the tools that must be present, e.g. {@code torch,prometheus}. */
    public static final String VARIABLE = "LOSSFORGE_REQUIRE_TOOLS";

    private RequiredTools() {}

    /**
     * Returns if {@code available}; otherwise fails when {@code tool} is required, else aborts (skips)
     * the test.
     *
     * @param why what is missing, e.g. "/usr/bin/python3 cannot import torch"
     */
    public static void assumeOrFail(String tool, boolean available, String why) {
        if (available) {
            return;
        }
        if (isRequired(tool, System.getenv(VARIABLE))) {
            Assertions.fail(tool + " is required (" + VARIABLE + "=" + System.getenv(VARIABLE) + ") but " + why);
        }
        Assumptions.abort("skipped: " + why + " (set " + VARIABLE + "=" + tool + " to make this a failure)");
    }

    /** Whether {@code tool} is named in a {@value #VARIABLE} value (case-insensitive, blanks ignored). */
    static boolean isRequired(String tool, String variableValue) {
        if (variableValue == null) {
            return false;
        }
        return Arrays.stream(variableValue.split(","))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .anyMatch(tool.trim().toLowerCase(Locale.ROOT)::equals);
    }
}
