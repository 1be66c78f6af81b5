package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds its API key without being told: --api-key, then $LOSSFORGE_API_KEY, then the key file. */
class ApiKeyTest {

    @TempDir
    Path home;

    private Map<String, String> environment(String key) {
        return key == null
                ? Map.of("LOSSFORGE_HOME", home.toString())
                : Map.of("LOSSFORGE_HOME", home.toString(), "LOSSFORGE_API_KEY", key);
    }

    private void keyFile(String content) throws IOException {
        Files.writeString(home.resolve("api-key"), content);
    }

    @Test
    void theOptionWinsOverTheVariableAndTheFile() throws IOException {
        keyFile("lf_from-file");

        ApiKey key = ApiKey.find(" lf_from-option ", environment("lf_from-env"), "/nowhere");

        assertThat(key).isEqualTo(new ApiKey("lf_from-option", "--api-key"));
    }

    @Test
    void theVariableWinsOverTheFile() throws IOException {
        keyFile("lf_from-file");

        assertThat(ApiKey.find(null, environment("lf_from-env"), "/nowhere"))
                .isEqualTo(new ApiKey("lf_from-env", "$LOSSFORGE_API_KEY"));
        // blank counts as not given, as for an `export LOSSFORGE_API_KEY=` meant to unset it
        assertThat(ApiKey.find("  ", environment(" "), "/nowhere").secret()).isEqualTo("lf_from-file");
    }

    @Test
    void theFileIsReadWithoutItsNewline() throws IOException {
        keyFile("lf_from-file\n");

        ApiKey key = ApiKey.find(null, environment(null), "/nowhere");

        assertThat(key.secret()).isEqualTo("lf_from-file");
        assertThat(key.source()).isEqualTo(home.resolve("api-key").toString());
    }

    @Test
    void theHomeDefaultsToDotLossforgeInTheUsersHome(@TempDir Path userHome) throws IOException {
        Files.createDirectories(userHome.resolve(".lossforge"));
        Files.writeString(userHome.resolve(".lossforge/api-key"), "lf_default-home");

        ApiKey key = ApiKey.find(null, Map.of(), userHome.toString());

        assertThat(key)
                .isEqualTo(new ApiKey(
                        "lf_default-home",
                        userHome.resolve(".lossforge/api-key").toString()));
    }

    @Test
    void withoutAnyKeyNoneIsSentAndTheFileLookedForIsNamed() {
        ApiKey key = ApiKey.find(null, environment(null), "/nowhere");

        assertThat(key.present()).isFalse();
        assertThat(key.secret()).isNull();
        assertThat(key.source()).isEqualTo(home.resolve("api-key").toString());
    }

    @Test
    void anEmptyOrUnreadableKeyFileIsAnInputErrorNotSilentlySkipped() throws IOException {
        keyFile(" \n");
        assertThatThrownBy(() -> ApiKey.find(null, environment(null), "/nowhere"))
                .isInstanceOf(InputException.class)
                .hasMessage("the API key file " + home.resolve("api-key") + " is empty");

        Files.delete(home.resolve("api-key"));
        Files.createDirectory(home.resolve("api-key"));
        assertThatThrownBy(() -> ApiKey.find(null, environment(null), "/nowhere"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("cannot read the API key file " + home.resolve("api-key") + ": ");
    }

    @Test
    void theSecretNeverAppearsInItsStringForm() {
        assertThat(new ApiKey("lf_secret", "--api-key").toString())
                .doesNotContain("lf_secret")
                .contains("--api-key");
    }
}
