package io.lossforge.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A file format a user dataset directory can hold: a fixed set of files with known names. */
interface UserFormat {

    /** The {@link DatasetInfo#source()} of datasets in this format. */
    String source();

    /** The names of the files that make up a dataset, all of which must be present. */
    List<String> requiredFiles();

    /** The file that stands for {@code required} in {@code directory}, if present. */
    default Optional<Path> locate(Path directory, String required) {
        Path file = directory.resolve(required);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Shape and classes from the headers and labels; validates what it reads. */
    DatasetInfo describe(String name, Path directory);

    /** Everything, validated: magic numbers, sizes, label ranges. */
    DatasetContent read(Path directory);
}
