package io.lossforge.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time and memory from Linux's {@code /proc}; 0 when the process is gone. */
final class Proc {

    private Proc() {}

    /** utime + stime in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS");
    }

    /** A {@code kB} line of {@code /proc/<pid>/status}, e.g. VmRSS or VmHWM (peak resident). */
    static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(
                            line.substring(key.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }
}
