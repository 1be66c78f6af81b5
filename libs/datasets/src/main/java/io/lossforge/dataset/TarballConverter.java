package io.lossforge.dataset;

import java.nio.file.Path;

/** Turns the npm tarball of a built-in dataset into its content, reading the tarball in place. */
interface TarballConverter {

    ImageShape shape();

    int classes();

    /**
     * The conversion rules in a few words (split, order, skipped records). Part of the cache's
     * fingerprint: changing the rules makes existing caches stale, so they are rebuilt.
     */
    String rules();

    DatasetContent convert(Path tarball);
}
