package io.lossforge.loss.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredToolsTest {

    @Test
    void aToolIsRequiredOnlyWhenTheListNamesIt() {
        assertThat(RequiredTools.isRequired("torch", "torch")).isTrue();
        assertThat(RequiredTools.isRequired("torch", "prometheus, Torch ,chromium"))
                .isTrue();
        assertThat(RequiredTools.isRequired("torch", "prometheus,chromium")).isFalse();
        assertThat(RequiredTools.isRequired("torch", "torchvision")).isFalse();
        assertThat(RequiredTools.isRequired("torch", "")).isFalse();
        assertThat(RequiredTools.isRequired("torch", null)).isFalse();
    }

    @Test
    void anAvailableToolNeverSkipsOrFails() {
        assertThatCode(() -> RequiredTools.assumeOrFail("torch", true, "unused"))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingToolThatIsNotRequiredSkipsWithItsReason() {
        assertThatThrownBy(() -> RequiredTools.assumeOrFail("no-such-tool-ever-listed", false, "it is not installed"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("it is not installed")
                .hasMessageContaining(RequiredTools.VARIABLE + "=no-such-tool-ever-listed");
    }
}
