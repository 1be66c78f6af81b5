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
    /** One of the previous generation's best, copied unchanged. */
    ELITE
}
