package io.lossforge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.problem.Echo;
import io.lossforge.api.problem.FieldError;
import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void shortTextIsKeptAndLongTextIsCutWithAnEllipsis() {
        assertThat(Echo.limit("p + q")).isEqualTo("p + q");
        assertThat(Echo.limit("a".repeat(Echo.MAX_CHARS))).hasSize(Echo.MAX_CHARS);
        assertThat(Echo.limit("a".repeat(10_000))).isEqualTo("a".repeat(Echo.MAX_CHARS) + "…");
        assertThat(Echo.limit((String) null)).isNull();
    }

    @Test
    void cutsWholeCodePointsNeverHalfASurrogatePair() {
        String text = "😀".repeat(300);
        String cut = Echo.limit(text);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(Echo.MAX_CHARS + 1);
        assertThat(cut).startsWith("😀".repeat(Echo.MAX_CHARS)).endsWith("…");
    }

    @Test
    void aFieldErrorNeverCarriesALongMessage() {
        assertThat(new FieldError("expression", "x".repeat(5_000)).message()).hasSize(Echo.MAX_CHARS + 1);
    }
}
