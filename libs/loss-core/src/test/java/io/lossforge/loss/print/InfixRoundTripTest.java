package io.lossforge.loss.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Expression;
import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.RandomExpressions;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.simplify.Simplifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Property: printing then parsing gives back the same tree, for every expression. */
class InfixRoundTripTest {

    private static final int TREES = 3_000;

    @Test
    void parseOfPrintIsTheIdentityOnRandomTrees() {
        RandomExpressions random = new RandomExpressions(1);
        for (int i = 0; i < TREES; i++) {
            Expression expression = random.next(6);
            String text = InfixPrinter.print(expression);
            assertThat(Parser.parse(text)).as("round trip of %s", text).isEqualTo(expression);
        }
    }

    @Test
    void canonicalFormsRoundTripToo() {
        RandomExpressions random = new RandomExpressions(2);
        for (int i = 0; i < TREES; i++) {
            Expression canonical = Simplifier.simplify(random.next(6));
            assertThat(canonical.depth()).isLessThanOrEqualTo(ExpressionLimits.MAX_DEPTH);
            String text = InfixPrinter.print(canonical);
            assertThat(Parser.parse(text)).as("round trip of %s", text).isEqualTo(canonical);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-(y*log(p))                       | -(y * log(p))",
                "exp(2.4092-p*(1+y))-cos(cos(sin(p))) | exp(2.4092 - p * (1 + y)) - cos(cos(sin(p)))",
                "(p - y) - (1 - p)                 | p - y - (1 - p)",
                "p - (y - 1)                       | p - (y - 1)",
                "(-p)^2                            | (-p)^2",
                "(-2)^2 + -2^2                     | (-2)^2 + -2^2",
                "-(2) - -2 - --2                   | -(2) - -2 - --2",
                "p^(-0.5) * 1e-7 * 0.00012         | p^-0.5 * 1e-7 * 0.00012",
                "(p^2)^3                           | (p^2)^3",
                "max( p ,y )                       | max(p, y)",
            })
    void printsCanonicalText(String input, String canonical) {
        assertThat(InfixPrinter.print(Parser.parse(input))).isEqualTo(canonical);
    }
}
