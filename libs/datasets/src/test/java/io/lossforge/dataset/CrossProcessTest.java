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
        List<Path> ready = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path output = root.resolve("out-" + i + ".txt");
            outputs.add(output);
            ready.add(root.resolve("ready-" + i));
            processes.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            LoadInAnotherProcess.class.getName(),
                            root.toString(),
                            "shared",
                            go.toString(),
                            ready.get(i).toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start());
        }
        // Both JVMs are up and waiting before either starts: a fixed sleep would let a slow start-up (a busy
        // machine) turn the race into two loads one after the other, and the test would pass without it.
        awaitFiles(ready, processes);
        Files.createFile(go);
        for (Process process : processes) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }

        List<String> lines = new ArrayList<>();
        for (Path output : outputs) {
            lines.addAll(Files.readAllLines(output));
        }
        assertThat(lines)
                .filteredOn(line -> line.startsWith("converted shared"))
                .hasSize(1);
        // Both read what this JVM now finds in the cache, without converting a third time.
        List<String> log = new ArrayList<>();
        String cached = new DatasetRepository(root, log::add).load("shared").checksum();
        assertThat(log).noneMatch(line -> line.startsWith("converted"));
        assertThat(lines)
                .filteredOn(line -> line.startsWith("checksum "))
                .map(line -> line.substring(9))
                .containsExactly(cached, cached);
    }

    /** Until every file exists; fails at once if a process died, and after 60 s if one never got there. */
    private static void awaitFiles(List<Path> files, List<Process> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!files.stream().allMatch(Files::exists)) {
            assertThat(processes)
                    .as("a loader process exited before it was ready")
                    .allMatch(Process::isAlive);
            assertThat(System.nanoTime())
                    .as("loader processes not ready after 60 s")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
