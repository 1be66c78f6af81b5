package io.lossforge.search;

/** How a {@link Candidate} was made; when several operators were applied, the last one counts. */
public enum Source {
    /** A seed loss from the catalog, unchanged (generation 0 only). */
    SEED,
    /** A fresh random tree: generation 0, or the fallback when an operator found no admitted result. */
    RANDOM,
    /** Subtree crossover of two parents, not mutated afterwards. */
    CROSSOVER,
    /** Mutated (possibly after crossover). */
    MUTATION,
    /** One of the previous generation's best, copied unchanged (with islands, of its own island). */
    ELITE,
    /** One of the best of the previous island in the ring, copied unchanged ({@link Islands}). */
    MIGRANT,
    /** One of the previous generation's best with every constant moved by a small step (constant tuning). */
    TUNED
}
