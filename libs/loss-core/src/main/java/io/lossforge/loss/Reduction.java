package io.lossforge.loss;

import java.util.Locale;

/**
 * How the element-wise values f(p, y) of a batch of N samples × C classes become one loss. The one
 * definition of both reductions, in the steps of a {@link BatchAlgebra}.
 */
public enum Reduction {
    /** Mean over all N × C entries (the NGL authors' reference code). */
    MEAN {
        @Override
        public <T> T reduce(BatchAlgebra<T> batch, T entries) {
            return batch.meanOverAll(entries);
        }
    },
    /** Sum over the C classes, mean over the N samples (the usual cross-entropy convention). */
    SUM {
        @Override
        public <T> T reduce(BatchAlgebra<T> batch, T entries) {
            return batch.meanOverSamples(batch.sumOverClasses(entries));
        }
    };

    /** The loss of a batch of element-wise values (N × C). */
    public abstract <T> T reduce(BatchAlgebra<T> batch, T entries);

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
