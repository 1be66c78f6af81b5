package io.lossforge.web.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's resident and peak resident memory from {@code /proc/self/status} ({@code VmRSS},
 * {@code VmHWM}) as {@code process_memory_resident_bytes} and {@code process_memory_resident_peak_bytes}.
 * Micrometer's JVM binders see the heap and the JVM's own pools, not what the kernel charges the process:
 * the trainer's native memory (libtorch tensors) lives outside both, and the resident size is what an
 * out-of-memory kill or a container limit is about.
 *
 * <p>Linux only: elsewhere (no {@code /proc}) nothing is registered, rather than a gauge that is always 0.
 */
public final class ProcessMemoryMetrics implements MeterBinder {

    private static final Path STATUS = Path.of("/proc/self/status");

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!Files.isReadable(STATUS)) {
            return;
        }
        Gauge.builder("process.memory.resident", () -> kilobytes("VmRSS:") * 1024.0)
                .baseUnit("bytes")
                .description("resident set size of the process (VmRSS)")
                .register(registry);
        Gauge.builder("process.memory.resident.peak", () -> kilobytes("VmHWM:") * 1024.0)
                .baseUnit("bytes")
                .description("peak resident set size of the process (VmHWM)")
                .register(registry);
    }

    /** The {@code kB} value of a status line; NaN when it cannot be read (the gauge then reports no value). */
    static double kilobytes(String field) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Double.parseDouble(
                            line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
