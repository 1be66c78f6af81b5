package io.lossforge.dataset;

import java.util.Optional;

/** A dataset as the repository knows it before loading: how to describe it, identify its data and read it. */
interface DatasetSource {

    String name();

    /**
     * Name, source, availability, shape and classes; reads at most file headers and labels, never pixels.
     *
     * @param freshCache the header of the dataset's cache if it exists and has this source's fingerprint:
     *                   it may answer instead of the source files
     */
    DatasetInfo describe(Optional<CacheFile.Header> freshCache);

    /**
     * Identifies the source data and the conversion rules. A cache records the fingerprint it was built
     * from; when the fingerprint changes (a new package version, other rules, edited user files) the
     * cache is stale and rebuilt.
     */
    String fingerprint();

    /** Makes the source files local if they are not; user datasets always are. */
    default void fetch() {}

    /** All images and labels, converted from the (fetched) source files. */
    DatasetContent read();
}
