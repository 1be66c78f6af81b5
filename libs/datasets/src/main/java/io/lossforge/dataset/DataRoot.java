package io.lossforge.dataset;

import java.nio.file.Path;

/**
 * The default data root, {@code $LOSSFORGE_HOME/data} with {@code LOSSFORGE_HOME} defaulting to
 * {@code ~/.lossforge}: one definition shared by the CLI and the trainer so both find the same files.
 */
public final class DataRoot {

    /** The environment variable naming LossForge's home directory. */
    public static final String HOME_VARIABLE = "LOSSFORGE_HOME";

    private DataRoot() {}

    /** The data root for this process's environment, as an absolute path (it may not exist yet). */
    public static Path defaultRoot() {
        return defaultRoot(System.getenv(HOME_VARIABLE), System.getProperty("user.home"));
    }

    /** The rule itself, separated from the environment so that it can be tested. */
    static Path defaultRoot(String lossforgeHome, String userHome) {
        Path home = lossforgeHome == null || lossforgeHome.isBlank()
                ? Path.of(userHome, ".lossforge")
                : Path.of(lossforgeHome);
        return home.resolve("data").toAbsolutePath().normalize();
    }
}
