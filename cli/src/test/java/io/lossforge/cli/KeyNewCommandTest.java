package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code lossforge key new}: a key in the orchestrator's format, its SHA-256, and lines that configure it. */
class KeyNewCommandTest {

    /** The fields of the human output's first block ("key:    lf_..."). */
    private static Map<String, String> fields(CliRun run) {
        return run.out()
                .lines()
                .takeWhile(line -> !line.isEmpty())
                .map(line -> line.split(":\\s+", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void printsAKeyOfTheOrchestratorsFormatAndItsSha256() throws Exception {
        CliRun run = CliRun.of("key", "new", "--role", "operator", "--name", "ci");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        Map<String, String> fields = fields(run);
        String key = fields.get("key");
        // lf_ + 32 random bytes in URL-safe base64 without padding (CredentialStore.generateSecret)
        assertThat(key).matches("lf_[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(key.substring(3))).hasSize(32);
        assertThat(fields)
                .containsEntry("name", "ci")
                .containsEntry("role", "operator")
                .containsEntry("sha256", sha256(key));
    }

    @Test
    void printsThePropertiesTheEnvironmentAndTheHelmEntry() throws Exception {
        CliRun run = CliRun.of("key", "new", "--role", "viewer", "--name", "dashboard", "--index", "2");

        String hash = sha256(fields(run).get("key"));
        assertThat(run.out().lines().toList())
                .containsSubsequence(
                        "lossforge.orchestrator.security.api-keys[2].name=dashboard",
                        "lossforge.orchestrator.security.api-keys[2].role=viewer",
                        "lossforge.orchestrator.security.api-keys[2].sha256=" + hash)
                .containsSubsequence(
                        "LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_2_NAME=dashboard",
                        "LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_2_ROLE=viewer",
                        "LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_2_SHA256=" + hash)
                .contains("- {name: dashboard, role: viewer, sha256: " + hash + "}");
        // the key itself is printed once, on its line; the configuration holds only its hash
        String key = fields(run).get("key");
        assertThat(run.out().split(java.util.regex.Pattern.quote(key), -1)).hasSize(2);
    }

    @Test
    void everyKeyIsNewAndTheDefaultsAreAViewerNamedAfterItsHash() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, String> fields = fields(CliRun.of("key", "new"));
            assertThat(fields.get("role")).isEqualTo("viewer");
            assertThat(fields.get("name"))
                    .isEqualTo("viewer-" + fields.get("sha256").substring(0, 8));
            keys.add(fields.get("key"));
        }
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(CliRun.of("key", "new").out()).contains("api-keys[0].");
    }

    @Test
    void jsonIsOneLineWithTheFourFields() throws Exception {
        CliRun run = CliRun.of("key", "new", "--role", "OPERATOR", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("role").asString()).isEqualTo("operator");
        assertThat(json.get("sha256").asString())
                .isEqualTo(sha256(json.get("key").asString()));
        assertThat(json.get("name").asString()).startsWith("operator-");
    }

    @Test
    void aBadRoleNameOrIndexIsAUsageErrorOfOneLine() {
        CliRun role = CliRun.of("key", "new", "--role", "admin");
        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.out()).isEmpty();
        assertThat(role.errLines()).containsExactly("lossforge: --role must be viewer or operator, got 'admin'");

        CliRun name = CliRun.of("key", "new", "--name", "has space");
        assertThat(name.exitCode()).isEqualTo(2);
        assertThat(name.errLines())
                .containsExactly("lossforge: --name must be 1 to 64 letters, digits, '.', '_' or '-', got 'has space'");

        assertThat(CliRun.of("key", "new", "--index", "-1").errLines())
                .containsExactly("lossforge: --index must be 0 or more, got -1");
    }

    @Test
    void helpExplainsRotationAndTheRoles() {
        assertThat(CliRun.of("key", "--help").out()).contains("Rotating a key: add the new one");
        assertThat(CliRun.of("key", "new", "--help").out()).contains("viewer", "operator", "restart it");
        assertThat(CliRun.of("--help").out()).contains("key");
    }
}
