package io.lossforge.trainer;

import java.nio.file.Path;

/**
 * DJL's process-wide settings, applied before the engine class loads (it reads them once):
 * <ul>
 *   <li>offline ({@code ai.djl.offline}, {@code OPT_OUT_TRACKING}): without both, engine start-up probes
 *       a cloud metadata address and the model zoo over the network;</li>
 *   <li>cache directories under the LossForge home, where the ≈450 MB libtorch is extracted once;</li>
 *   <li>intra-op threads: two OpenMP threads stall badly when the CPU is shared, so the default is 1.</li>
 * </ul>
 * Values already given (environment or {@code -D}) win. Launchers also export the two offline
 * variables, so that nothing loaded before {@code main} can slip past them.
 */
public final class DjlEnvironment {

    private DjlEnvironment() {
    }

    public static void applyDefaults() {
        String home = System.getenv().getOrDefault("LOSSFORGE_HOME", System.getProperty("user.home") + "/.lossforge");
        String cache = Path.of(home, "djl").toString();
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", cache);
        setIfAbsent("ENGINE_CACHE_DIR", cache);
    }

    /** Sets the PyTorch intra-op (and inter-op) thread count; effective only before the engine loads. */
    public static void threads(int intraOp) {
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(intraOp));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
