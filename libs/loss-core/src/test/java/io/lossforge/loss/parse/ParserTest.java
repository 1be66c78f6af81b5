package io.lossforge.loss.parse;

import static io.lossforge.loss.Expression.call;
import static io.lossforge.loss.Expression.constant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-(y * log(p))",
                "exp(2.4092 - p*(1 + y)) - cos(cos(sin(p)))",
                "-(y * (1 - p)^2 * log(p))",
                "tanh(p*3.5) * sqrt(y + p) - abs(sin(p - y))",
                "aq(p, y) + min(p, y) - max(p, 1e-3) + sigmoid(p) * square(y)",
                "p^-2 + p^(-0.5) + (p + y)^1.5",
                "1E-3 + .5 * p / y"
            })
    void parsesTheLanguage(String text) {
        Expression expression = Parser.parse(text);
        assertThat(expression.contains(Variable.P)).isTrue();
    }

    @Test
    void buildsTheExpectedTreeWithPrecedenceAndAssociativity() {
        assertThat(Parser.parse("p - y - 1"))
                .isEqualTo(call(Operator.SUB, call(Operator.SUB, Variable.P, Variable.Y), constant(1)));
        assertThat(Parser.parse("p + y * 2^3"))
                .isEqualTo(call(
                        Operator.ADD, Variable.P, call(Operator.MUL, Variable.Y, call(Operator.POW, 3, constant(2)))));
        assertThat(Parser.parse("-p^2")).isEqualTo(call(Operator.NEG, call(Operator.POW, 2, Variable.P)));
        assertThat(Parser.parse("-2 * p")).isEqualTo(call(Operator.MUL, constant(-2), Variable.P));
        assertThat(Parser.parse("-2^2")).isEqualTo(call(Operator.NEG, call(Operator.POW, 2, constant(2))));
        assertThat(Parser.parse("-(2)")).isEqualTo(call(Operator.NEG, constant(2)));
        assertThat(Parser.parse("p / y / 2"))
                .isEqualTo(call(Operator.DIV, call(Operator.DIV, Variable.P, Variable.Y), constant(2)));
        assertThat(Parser.parse("1e-3")).isEqualTo(new Constant(0.001));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "exp(p               | 5  | expected ')' but found end of input",
                "p +                 | 3  | expected a number, p, y, a function or '(' but found end of input",
                "p y                 | 2  | expected an operator or end of input but found 'y'",
                "foo(p)              | 0  | unknown name 'foo'",
                "x * p               | 0  | expected p, y or one of exp, log",
                "p ^ y               | 4  | expected a constant exponent",
                "max(p)              | 0  | max at position 0 takes 2 argument(s), got 1",
                "exp(p, y)           | 0  | exp at position 0 takes 1 argument(s), got 2",
                "p # y               | 2  | unexpected character '#'",
                "2e+ * p             | 0  | expected digits after the exponent",
                "p * 1e7             | 4  | constant 1e7 at position 4 exceeds the limit",
                "p * 1e999           | 4  | exceeds the limit",
            })
    void reportsWhereAndWhatWasExpected(String text, int position, String message) {
        assertThatThrownBy(() -> Parser.parse(text))
                .isInstanceOf(InvalidLossException.class)
                .hasMessageContaining(message)
                .satisfies(
                        e -> assertThat(((InvalidLossException) e).position()).isEqualTo(position));
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> Parser.parse("  ")).hasMessageContaining("empty");
    }

    @Test
    void enforcesTheNodeLimit() {
        String sixtyFiveNodes = balancedSum(33);
        String sixtyThreeNodes = balancedSum(32);
        assertThat(Parser.parse(sixtyThreeNodes).size()).isEqualTo(63);
        assertThatThrownBy(() -> Parser.parse(sixtyFiveNodes))
                .hasMessage("expression has 65 nodes; at most 64 are allowed");
    }

    @Test
    void enforcesTheDepthLimit() {
        String depth12 = "exp(".repeat(11) + "p" + ")".repeat(11);
        String depth13 = "exp(".repeat(12) + "p" + ")".repeat(12);
        assertThat(Parser.parse(depth12).depth()).isEqualTo(12);
        assertThatThrownBy(() -> Parser.parse(depth13))
                .hasMessage("expression is 13 levels deep; at most 12 are allowed");
    }

    @Test
    void survivesPathologicalNestingWithAClearError() {
        String deep = "(".repeat(10_000) + "p" + ")".repeat(10_000);
        assertThatThrownBy(() -> Parser.parse(deep))
                .isInstanceOf(InvalidLossException.class)
                .hasMessageContaining("characters long");
        String nested = "(".repeat(1_000) + "p" + ")".repeat(1_000);
        assertThatThrownBy(() -> Parser.parse(nested))
                .isInstanceOf(InvalidLossException.class)
                .hasMessageContaining("nested too deeply");
    }

    @Test
    void acceptsConstantsUpToTheLimit() {
        assertThat(Parser.parse("p * 1e6")).isEqualTo(call(Operator.MUL, Variable.P, constant(1e6)));
        assertThat(Parser.parse("p * -1000000")).isEqualTo(call(Operator.MUL, Variable.P, constant(-1e6)));
    }

    /** A sum of {@code leaves} p's nested as a balanced tree, so that only the node limit is at stake. */
    private static String balancedSum(int leaves) {
        return leaves == 1 ? "p" : "(" + balancedSum(leaves / 2) + " + " + balancedSum(leaves - leaves / 2) + ")";
    }
}
