package io.lossforge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository these tests check, found from the module directory (helm/). */
final class Repository {

    private Repository() {}

    /** The repository root: the nearest directory above the working directory with docker-compose.yml. */
    static Path root() {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docker-compose.yml")) && Files.isDirectory(d.resolve("helm"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (with docker-compose.yml and helm/) above " + dir);
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart directory. */
    static Path chart() {
        return file("helm/lossforge");
    }
}
