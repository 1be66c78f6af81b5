package io.lossforge.trainer;

import java.nio.file.Path;

/**
 * DJL's process-wide settings, which it reads once when the engine class loads:
 * <ul>
 *   <li>offline ({@code ai.djl.offline}, {@code OPT_OUT_TRACKING}): without both, engine start-up probes
 *       a cloud metadata address and the model zoo over the network — set first thing in {@code main};</li>
 *   <li>cache directories under the data root ({@code <dataRoot>/.djl}), where the ≈450 MB libtorch is
 *       extracted once;</li>
 *   <li>intra-op threads: two OpenMP threads stall badly when the CPU is shared, so the default is 1.</li>
 * </ul>
 * Values already given (environment or {@code -D}) win. Launchers also export the two offline
 * variables, so that nothing loaded before {@code main} can slip past them.
 */
public final class DjlEnvironment {

    private DjlEnvironment() {}

    /** The offline switches; call before anything touches DJL. */
    public static void offline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    /** Cache directories and thread count; effective only before the engine loads (the first trial). */
    public static void configure(Path dataRoot, int intraOpThreads) {
        offline();
        String cache = dataRoot.resolve(".djl").toString();
        setIfAbsent("DJL_CACHE_DIR", cache);
        setIfAbsent("ENGINE_CACHE_DIR", cache);
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
