package io.lossforge.loss.screen;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.RandomExpressions;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.InfixPrinter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScreeningTest {

    static Stream<String> catalogNames() {
        return LossCatalog.entries().stream().map(LossCatalog.Entry::name);
    }

    @ParameterizedTest
    @MethodSource("catalogNames")
    void everyCatalogLossPassesEveryScreen(String name) {
        for (Reduction reduction : Reduction.values()) {
            Verdict verdict = Screening.screen(LossCatalog.resolve(name, reduction));
            assertThat(verdict.isAccepted())
                    .as("%s [%s]: %s", name, reduction, verdict.detail())
                    .isTrue();
            assertThat(verdict.label()).isEqualTo("ACCEPTED");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
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
        Verdict verdict = Screening.screen(new Loss(Parser.parse(expression), Reduction.SUM));
        assertThat(verdict.reason()).as(verdict.detail()).isEqualTo(reason);
        assertThat(verdict.detail()).contains(detail);
        assertThat(verdict.label()).isEqualTo("REJECTED(" + reason + ")");
    }

    /**
     * A verdict is a function of the loss's meaning, not of its spelling or of what was screened before:
     * commuted operands give the same verdict with the same detail, for random losses of every kind
     * (accepted and each rejection reason occur among them).
     */
    @ParameterizedTest
    @EnumSource(Reduction.class)
    void verdictsDependOnTheMeaningNotTheSpelling(Reduction reduction) {
        RandomExpressions random = new RandomExpressions(reduction.ordinal() + 41);
        List<Expression> losses = new ArrayList<>(List.of(
                Parser.parse("y * p^-1 + 0.5 * p"),
                Parser.parse("exp(exp(exp(10 * p))) * (y + p)"))); // random trees are rarely non-finite
        for (int i = 0; i < 150; i++) {
            losses.add(random.next(5));
        }
        Set<String> labels = new HashSet<>();
        for (Expression expression : losses) {
            Verdict verdict = Screening.screen(new Loss(expression, reduction));
            Verdict commuted = Screening.screen(new Loss(random.commute(expression), reduction));
            assertThat(commuted).as(InfixPrinter.print(expression)).isEqualTo(verdict);
            labels.add(verdict.label());
        }
        assertThat(labels)
                .contains(
                        "ACCEPTED",
                        "REJECTED(MISSING_VARIABLE)",
                        "REJECTED(NON_FINITE)",
                        "REJECTED(CONSTANT_IN_P)",
                        "REJECTED(WRONG_DIRECTION)");
    }
}
