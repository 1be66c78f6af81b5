package io.lossforge.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lossforge key new}: a fresh API key, its SHA-256, and the lines that configure the orchestrator with
 * it (Spring properties, environment variables, a Helm {@code security.apiKeys} entry). Works offline: the
 * orchestrator only ever learns the hash, from its configuration.
 */
@Command(
        name = "new",
        description = {
            "Print a new API key, its SHA-256 and the configuration lines for the orchestrator: application "
                    + "properties, environment variables and a Helm security.apiKeys entry.",
            "",
            "The key is shown only now: store it where its user finds it ($LOSSFORGE_API_KEY or the file "
                    + "$LOSSFORGE_HOME/api-key for the CLI, a secret store for scripts). The orchestrator reads the "
                    + "configuration at start-up: restart it after adding or removing a key."
        },
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_USAGE})
final class KeyNewCommand implements Callable<Integer> {

    /** The orchestrator's rule for key names (OrchestratorProperties.ApiKey). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            defaultValue = "viewer",
            description = "viewer (reads, evaluates and screens losses) or operator (also starts, cancels and "
                    + "resumes searches). Default: ${DEFAULT-VALUE}.")
    String role;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The key's name: the orchestrator records it as the creator of the searches it starts "
                    + "and counts its running searches. Letters, digits, '.', '_' and '-', at most 64. "
                    + "Default: ROLE-<the first 8 hex digits of the SHA-256>.")
    String name;

    @Option(
            names = "--index",
            paramLabel = "N",
            defaultValue = "0",
            description = "The list index in the printed properties and environment variables: the number of "
                    + "keys configured already (each key needs its own). Default: ${DEFAULT-VALUE}.")
    int index;

    @Option(
            names = "--json",
            description = "Print {\"key\": ..., \"name\": ..., \"role\": ..., \"sha256\": ...} on one line.")
    boolean json;

    @Override
    public Integer call() {
        String role = this.role.strip().toLowerCase(Locale.ROOT);
        if (!role.equals("viewer") && !role.equals("operator")) {
            throw new InputException("--role must be viewer or operator, got '" + this.role + "'");
        }
        if (name != null && !NAME.matcher(name).matches()) {
            throw new InputException("--name must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (index < 0) {
            throw new InputException("--index must be 0 or more, got " + index);
        }
        String key = generate();
        String sha256 = sha256Hex(key);
        String name = this.name != null ? this.name : role + "-" + sha256.substring(0, 8);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(Json.object()
                    .put("key", key)
                    .put("name", name)
                    .put("role", role)
                    .put("sha256", sha256)));
        } else {
            String property = "lossforge.orchestrator.security.api-keys[" + index + "].";
            String variable = "LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_" + index + "_";
            out.println("key:    " + key);
            out.println("name:   " + name);
            out.println("role:   " + role);
            out.println("sha256: " + sha256);
            out.println();
            out.println("# The key is shown only now; the orchestrator is configured with its sha256 alone.");
            out.println("# Application properties:");
            out.println(property + "name=" + name);
            out.println(property + "role=" + role);
            out.println(property + "sha256=" + sha256);
            out.println("# Environment variables:");
            out.println(variable + "NAME=" + name);
            out.println(variable + "ROLE=" + role);
            out.println(variable + "SHA256=" + sha256);
            out.println("# Helm: an entry of security.apiKeys (or of api-keys.yaml in security.existingSecret):");
            out.println("- {name: " + name + ", role: " + role + ", sha256: " + sha256 + "}");
        }
        out.flush();
        return 0;
    }

    /**
     * {@code lf_} and 32 random bytes (256 bits) in URL-safe base64 without padding, 46 characters: the format
     * of the orchestrator's CredentialStore.generateSecret and of the keys {@code ./lossforge up} makes (the
     * CLI cannot use the service's class, it talks to the services over REST only).
     */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "lf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lower-case hex SHA-256 of the key's UTF-8 bytes: how the orchestrator is told about a key. */
    static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
