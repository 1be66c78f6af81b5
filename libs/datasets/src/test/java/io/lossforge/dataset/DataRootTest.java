package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataRootTest {

    @Test
    void defaultsToTheDataDirectoryOfLossForgeHome() {
        assertThat(DataRoot.defaultRoot("/opt/lf", "/home/ann")).isEqualTo(Path.of("/opt/lf/data"));
        assertThat(DataRoot.defaultRoot(null, "/home/ann")).isEqualTo(Path.of("/home/ann/.lossforge/data"));
        assertThat(DataRoot.defaultRoot("  ", "/home/ann")).isEqualTo(Path.of("/home/ann/.lossforge/data"));
        assertThat(DataRoot.defaultRoot("rel", "/home/ann")).isAbsolute().endsWithRaw(Path.of("rel", "data"));
    }

    @Test
    void followsTheEnvironment() {
        String home = System.getenv(DataRoot.HOME_VARIABLE);
        Path expected = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".lossforge", "data")
                : Path.of(home, "data").toAbsolutePath();
        assertThat(DataRoot.defaultRoot()).isEqualTo(expected.normalize());
    }
}
