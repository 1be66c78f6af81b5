package io.lossforge.cli;

import io.lossforge.dataset.DataRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The API key a command sends, and where it came from, so that a refusal can say which key was refused.
 *
 * <p>Found without being told, first match wins: {@code --api-key}, then {@code $LOSSFORGE_API_KEY}, then the
 * file {@code $LOSSFORGE_HOME/api-key} ({@code LOSSFORGE_HOME} defaulting to {@code ~/.lossforge}), which
 * {@code ./lossforge up} writes. Without any of them no key is sent, and {@link #secret()} is null.
 *
 * @param secret the key, or null when none was found
 * @param source where it came from ({@code --api-key}, {@code $LOSSFORGE_API_KEY} or the file's path), or,
 *               without a key, the file that was looked for
 */
record ApiKey(String secret, String source) {

    /** The environment variable holding a key. */
    static final String VARIABLE = "LOSSFORGE_API_KEY";
    /** The key file's name in LossForge's home directory. */
    static final String FILE_NAME = "api-key";

    /** Whether a key was found. */
    boolean present() {
        return secret != null;
    }

    /** The key for this process: its option value, its environment and the user's home directory. */
    static ApiKey find(String option) {
        return find(option, System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The lookup itself, separated from the process's environment so that it can be tested.
     *
     * @throws InputException when the key file exists but cannot be read or is empty: a key file that is
     *     silently skipped would leave the user wondering why the orchestrator says 401
     */
    static ApiKey find(String option, Map<String, String> environment, String userHome) {
        if (!isBlank(option)) {
            return new ApiKey(option.strip(), "--api-key");
        }
        String variable = environment.get(VARIABLE);
        if (!isBlank(variable)) {
            return new ApiKey(variable.strip(), "$" + VARIABLE);
        }
        Path file = file(environment, userHome);
        if (!Files.exists(file)) {
            return new ApiKey(null, file.toString());
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InputException("cannot read the API key file " + file + ": " + reason(e));
        }
        if (content.isEmpty()) {
            throw new InputException("the API key file " + file + " is empty");
        }
        return new ApiKey(content, file.toString());
    }

    /** {@code $LOSSFORGE_HOME/api-key}, the home defaulting to {@code ~/.lossforge} as for the data root. */
    static Path file(Map<String, String> environment, String userHome) {
        String home = environment.get(DataRoot.HOME_VARIABLE);
        Path dir = isBlank(home) ? Path.of(userHome, ".lossforge") : Path.of(home);
        return dir.resolve(FILE_NAME).toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        // Never the secret itself: records print their components, and this one may end up in a message.
        return "ApiKey[source=" + source + (present() ? "" : ", none") + "]";
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
