package io.lossforge.loss.print;

import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;

/**
 * Prints an expression as LaTeX math (without surrounding {@code $}). Protected operators are shown by
 * their plain names; their exact meaning is documented on {@link Operator}. Grouping follows the
 * precedence table of {@link Operator}, as in the infix text, except that LaTeX's self-delimiting forms
 * ({@code \frac}, {@code \sqrt}, {@code |.|}, {@code e^{}}, function calls) bind like atoms and
 * {@code square} is written as a power.
 */
public final class LatexPrinter {

    private LatexPrinter() {}

    public static String print(Expression expression) {
        return switch (expression) {
            case Constant constant -> constant(constant);
            case Variable variable -> variable.symbol();
            case Call call -> call(call);
        };
    }

    private static String constant(Constant constant) {
        String text = Numbers.format(constant.value());
        return text.contains("e") ? text.replace("e", "\\times 10^{") + "}" : text;
    }

    private static String call(Call call) {
        Operator operator = call.operator();
        int own = operator.precedence();
        return switch (operator) {
            case ADD, SUB -> print(call.argument(0)) + " " + operator.symbol() + " " + grouped(call.argument(1), own);
            case MUL -> grouped(call.argument(0), own - 1) + " \\cdot " + grouped(call.argument(1), own - 1);
            case DIV -> "\\frac{" + print(call.argument(0)) + "}{" + print(call.argument(1)) + "}";
            case NEG -> "-" + grouped(call.argument(0), own);
            case POW -> power(call.argument(0), constant(call.parameter()));
            case SQUARE -> power(call.argument(0), "2");
            case SQRT -> "\\sqrt{" + print(call.argument(0)) + "}";
            case ABS -> "\\left|" + print(call.argument(0)) + "\\right|";
            case EXP -> "e^{" + print(call.argument(0)) + "}";
            case SIGMOID -> "\\sigma\\left(" + print(call.argument(0)) + "\\right)";
            case LOG, SIN, COS, TANH -> "\\" + operator.symbol() + "\\left(" + print(call.argument(0)) + "\\right)";
            case MIN, MAX ->
                "\\" + operator.symbol() + "\\left(" + print(call.argument(0)) + ", " + print(call.argument(1))
                        + "\\right)";
            case AQ -> "\\frac{" + print(call.argument(0)) + "}{\\sqrt{1 + " + power(call.argument(1), "2") + "}}";
        };
    }

    private static String power(Expression base, String exponent) {
        return grouped(base, Operator.POW.precedence()) + "^{" + exponent + "}";
    }

    /** Wraps in parentheses when the operand binds no tighter than {@code level}. */
    private static String grouped(Expression operand, int level) {
        String text = print(operand);
        return binding(operand) <= level ? "\\left(" + text + "\\right)" : text;
    }

    /** The operator table's precedence, but {@code \frac} binds as an atom and square as a power. */
    private static int binding(Expression expression) {
        if (expression instanceof Call call) {
            return switch (call.operator()) {
                case DIV -> Operator.ATOM_PRECEDENCE;
                case SQUARE -> Operator.POW.precedence();
                default -> call.operator().precedence();
            };
        }
        return InfixPrinter.precedence(expression);
    }
}
