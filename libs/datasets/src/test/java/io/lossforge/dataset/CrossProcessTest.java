package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs loading the same new dataset at the same moment: one converts, the other waits and reads the cache. */
class CrossProcessTest {

    @TempDir
    Path root;

    @Test
    void twoProcessesConvertOnce() throws IOException, InterruptedException {
        // Large enough (18 MB) that converting takes longer than the two processes' start-up skew.
        Synthetic.cifar10(root.resolve("shared"), 1000, 1000);
        Path go = root.resolve("go");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path output = root.resolve("out-" + i + ".txt");
            outputs.add(output);
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LoadInAnotherProcess.class.getName(), root.toString(), "shared", go.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start());
        }
        Thread.sleep(1000);
        Files.createFile(go);
        for (Process process : processes) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }

        List<String> lines = new ArrayList<>();
        for (Path output : outputs) {
            lines.addAll(Files.readAllLines(output));
        }
        assertThat(lines).filteredOn(line -> line.startsWith("converted shared")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.startsWith("checksum ")).hasSize(2).map(line -> line.substring(9))
                .containsOnly(lines.stream().filter(line -> line.startsWith("checksum ")).findFirst().orElseThrow()
                        .substring(9));
    }
}
