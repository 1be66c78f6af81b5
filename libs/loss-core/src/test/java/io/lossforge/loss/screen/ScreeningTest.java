package io.lossforge.loss.screen;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class ScreeningTest {

    static Stream<String> catalogNames() {
        return LossCatalog.entries().stream().map(LossCatalog.Entry::name);
    }

    @ParameterizedTest
    @MethodSource("catalogNames")
    void everyCatalogLossPassesEveryScreen(String name) {
        for (Reduction reduction : Reduction.values()) {
            Verdict verdict = Screening.screen(LossCatalog.resolve(name, reduction));
            assertThat(verdict.isAccepted()).as("%s [%s]: %s", name, reduction, verdict.detail()).isTrue();
            assertThat(verdict.label()).isEqualTo("ACCEPTED");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p * 2                        | MISSING_VARIABLE | does not use y",
        "y * exp(y)                   | MISSING_VARIABLE | does not use p",
        "y + p * 0                    | MISSING_VARIABLE | does not use p",
        "y * exp(exp(exp(10 * p)))    | NON_FINITE       | at p = ",
        "y * p^-1                     | NON_FINITE       | at p = 0, y = 0",
        "y * min(p, -1)               | CONSTANT_IN_P    | does not change with p",
        "y * log(p)                   | WRONG_DIRECTION  | at equal logits",
        "p * y                        | WRONG_DIRECTION  | at equal logits",
        "-(y * square(p - 0.05))      | WRONG_DIRECTION  | random samples",
    })
    void rejectsWithAReason(String expression, RejectionReason reason, String detail) {
        Verdict verdict = Screening.screen(new Loss(io.lossforge.loss.parse.Parser.parse(expression), Reduction.SUM));
        assertThat(verdict.reason()).as(verdict.detail()).isEqualTo(reason);
        assertThat(verdict.detail()).contains(detail);
        assertThat(verdict.label()).isEqualTo("REJECTED(" + reason + ")");
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void verdictsAreDeterministic(Reduction reduction) {
        Loss loss = LossCatalog.resolve("tanh(p*3.5) * sqrt(y + p) - abs(sin(p - y))", reduction);
        assertThat(Screening.screen(loss)).isEqualTo(Screening.screen(loss));
    }
}
