package io.lossforge.loss.print;

import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;

/**
 * Prints an expression as LaTeX math (without surrounding {@code $}). Protected operators are shown by
 * their plain names; their exact meaning is documented on {@link Operator}.
 */
public final class LatexPrinter {

    private LatexPrinter() {
    }

    public static String print(Expression expression) {
        return switch (expression) {
            case Constant constant -> Numbers.format(constant.value()).replace("e", "\\times 10^{") + closeExponent(constant);
            case Variable variable -> variable.symbol();
            case Call call -> call(call);
        };
    }

    private static String closeExponent(Constant constant) {
        return Numbers.format(constant.value()).contains("e") ? "}" : "";
    }

    private static String call(Call call) {
        Operator operator = call.operator();
        return switch (operator) {
            case ADD -> print(call.argument(0)) + " + " + grouped(call.argument(1), 1);
            case SUB -> print(call.argument(0)) + " - " + grouped(call.argument(1), 1);
            case MUL -> grouped(call.argument(0), 1) + " \\cdot " + grouped(call.argument(1), 1);
            case DIV -> "\\frac{" + print(call.argument(0)) + "}{" + print(call.argument(1)) + "}";
            case NEG -> "-" + grouped(call.argument(0), 2);
            case POW -> grouped(call.argument(0), 4) + "^{" + print(call.argument(1)) + "}";
            case SQUARE -> grouped(call.argument(0), 4) + "^{2}";
            case SQRT -> "\\sqrt{" + print(call.argument(0)) + "}";
            case ABS -> "\\left|" + print(call.argument(0)) + "\\right|";
            case EXP -> "e^{" + print(call.argument(0)) + "}";
            case SIGMOID -> "\\sigma\\left(" + print(call.argument(0)) + "\\right)";
            case LOG, SIN, COS, TANH -> "\\" + operator.symbol() + "\\left(" + print(call.argument(0)) + "\\right)";
            case MIN, MAX -> "\\" + operator.symbol() + "\\left(" + print(call.argument(0)) + ", "
                    + print(call.argument(1)) + "\\right)";
            case AQ -> "\\frac{" + print(call.argument(0)) + "}{\\sqrt{1 + " + grouped(call.argument(1), 4) + "^{2}}}";
        };
    }

    /** Wraps in parentheses when the operand binds no tighter than {@code level}. */
    private static String grouped(Expression operand, int level) {
        String text = print(operand);
        return bindingOf(operand) <= level ? "\\left(" + text + "\\right)" : text;
    }

    private static int bindingOf(Expression expression) {
        return switch (expression) {
            case Constant constant -> constant.value() < 0 ? 2 : 5;
            case Variable variable -> 5;
            case Call call -> switch (call.operator()) {
                case ADD, SUB -> 1;
                case NEG -> 2;
                case MUL -> 2;
                case POW, SQUARE -> 4;
                // \frac, \sqrt, |.|, e^{} and function calls are visually self-delimiting
                default -> 5;
            };
        };
    }
}
