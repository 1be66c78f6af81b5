package io.lossforge.loss;

import java.util.Locale;

/** How the element-wise values f(p, y) of a batch of N samples × C classes become one loss. */
public enum Reduction {
    /** Mean over all N × C entries (the NGL authors' reference code). */
    MEAN,
    /** Sum over the C classes, mean over the N samples (the usual cross-entropy convention). */
    SUM;

    /** The weight of one entry in the reduced loss. */
    public double entryWeight(int samples, int classes) {
        return this == MEAN ? 1.0 / ((double) samples * classes) : 1.0 / samples;
    }

    /** The lower-case name used in JSON, the CLI and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code mean} or {@code sum} (case-insensitive). */
    public static Reduction of(String id) {
        for (Reduction reduction : values()) {
            if (reduction.id().equalsIgnoreCase(id.trim())) {
                return reduction;
            }
        }
        throw new IllegalArgumentException("unknown reduction '" + id + "': expected mean or sum");
    }
}
