package io.lossforge.loss.print;

import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;

/**
 * Prints the canonical infix text: minimal parentheses, single spaces around binary {@code + - * /},
 * none around {@code ^}. {@code Parser.parse(print(e))} equals {@code e} for every expression.
 */
public final class InfixPrinter {

    private static final int UNARY = Operator.NEG.precedence();

    private InfixPrinter() {}

    public static String print(Expression expression) {
        StringBuilder out = new StringBuilder();
        write(expression, out);
        return out.toString();
    }

    private static void write(Expression expression, StringBuilder out) {
        switch (expression) {
            case Constant constant -> out.append(Numbers.format(constant.value()));
            case Variable variable -> out.append(variable.symbol());
            case Call call -> writeCall(call, out);
        }
    }

    private static void writeCall(Call call, StringBuilder out) {
        Operator operator = call.operator();
        switch (operator.syntax()) {
            case FUNCTION -> {
                out.append(operator.symbol()).append('(');
                for (int i = 0; i < call.arguments().size(); i++) {
                    out.append(i == 0 ? "" : ", ");
                    write(call.argument(i), out);
                }
                out.append(')');
            }
            case PREFIX -> {
                Expression operand = call.argument(0);
                out.append('-');
                // "-(2)" keeps the negation of a constant distinct from the constant -2.
                boolean parens = precedence(operand) < UNARY || operand instanceof Constant c && c.value() >= 0;
                writeGrouped(operand, parens, out);
            }
            case INFIX -> {
                int own = operator.precedence();
                writeGrouped(call.argument(0), precedence(call.argument(0)) < own, out);
                out.append(' ').append(operator.symbol()).append(' ');
                writeGrouped(call.argument(1), precedence(call.argument(1)) <= own, out);
            }
            case POSTFIX -> {
                // "(p^2)^3": the operand of a power is grouped at equal binding, too.
                writeGrouped(call.argument(0), precedence(call.argument(0)) <= operator.precedence(), out);
                out.append(operator.symbol())
                        .append(Numbers.format(call.parameter().value()));
            }
        }
    }

    private static void writeGrouped(Expression expression, boolean parens, StringBuilder out) {
        if (parens) {
            out.append('(');
        }
        write(expression, out);
        if (parens) {
            out.append(')');
        }
    }

    /**
     * How tightly the printed text of an expression binds, from the {@link Operator} table; a negative
     * constant binds like unary minus.
     */
    static int precedence(Expression expression) {
        return switch (expression) {
            case Constant constant -> constant.value() < 0 ? UNARY : Operator.ATOM_PRECEDENCE;
            case Variable variable -> Operator.ATOM_PRECEDENCE;
            case Call call -> call.operator().precedence();
        };
    }
}
