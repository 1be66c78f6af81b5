package io.lossforge.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A user dataset: a sub-directory of the data root holding the files of one {@link UserFormat}. The
 * directory's name is the dataset's name.
 */
record UserSource(String name, Path directory, UserFormat format, List<Path> files) implements DatasetSource {

    /** Checked in this order; a directory holding the files of two formats is read as the first. */
    static final List<UserFormat> FORMATS =
            List.of(IdxFormat.INSTANCE, CifarBinaryFormat.CIFAR_10, CifarBinaryFormat.CIFAR_100);

    /**
     * The dataset in {@code directory}, if it holds all files of a format. A directory holding only some
     * of them is reported to {@code log}, since the user most likely meant it to be a dataset.
     */
    static Optional<UserSource> detect(String name, Path directory, Consumer<String> log) {
        List<String> partial = new ArrayList<>();
        for (UserFormat format : FORMATS) {
            List<Path> files = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String required : format.requiredFiles()) {
                format.locate(directory, required).ifPresentOrElse(files::add, () -> missing.add(required));
            }
            if (missing.isEmpty()) {
                return Optional.of(new UserSource(name, directory, format, List.copyOf(files)));
            }
            if (files.size() > 0) {
                partial.add(format.source() + " files but lacks " + String.join(", ", missing));
            }
        }
        if (!partial.isEmpty()) {
            log.accept("ignoring " + directory + ": it holds " + String.join("; and ", partial));
        }
        return Optional.empty();
    }

    @Override
    public DatasetInfo describe(Optional<CacheFile.Header> freshCache) {
        return freshCache
                .map(header -> new DatasetInfo(name, format.source(), true, header.shape(), header.classes()))
                .orElseGet(() -> format.describe(name, directory));
    }

    /** The format and each file's name, size and modification time: editing any file makes the cache stale. */
    @Override
    public String fingerprint() {
        return format.source() + "; " + files.stream().map(UserSource::stat).collect(Collectors.joining(", "));
    }

    @Override
    public DatasetContent read() {
        return format.read(directory);
    }

    private static String stat(Path file) {
        try {
            return file.getFileName() + " " + Files.size(file) + " bytes "
                    + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw Failures.reading(file, e);
        }
    }
}
