package io.lossforge.dataset;

import java.util.Locale;

/** Sizes and durations in log messages, formatted one way everywhere. */
final class Units {

    private Units() {}

    /** Decimal megabytes with one decimal, e.g. {@code 55.0 MB}. */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Seconds with two decimals, e.g. {@code 1.25 s}. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
