package io.lossforge.loss.parse;

import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Variable;
import io.lossforge.loss.parse.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the canonical infix text of a loss expression.
 *
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/') unary)*
 * unary      := '-' unary | power           -- "-2" (not followed by '^') is the constant -2
 * power      := primary ('^' exponent)?
 * exponent   := '-'? NUMBER | '(' '-'? NUMBER ')'
 * primary    := NUMBER | 'p' | 'y' | FUNCTION '(' expression (',' expression)* ')' | '(' expression ')'
 * </pre>
 *
 * Errors are {@link InvalidLossException}s that say where (0-based position) and what was expected.
 * The result always satisfies {@link ExpressionLimits}.
 */
public final class Parser {

    /** Longest accepted input; far beyond any expression within the node limit. */
    public static final int MAX_LENGTH = 4096;

    private static final int MAX_NESTING = 64;

    private final List<Token> tokens;
    private int next;
    private int nesting;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses {@code text} into an expression, or throws {@link InvalidLossException}. */
    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidLossException("the expression is empty", 0);
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidLossException(
                    "the expression is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        Parser parser = new Parser(Lexer.tokens(text));
        Expression expression = parser.expression();
        parser.expect(Kind.END, "an operator or end of input");
        ExpressionLimits.check(expression);
        return expression;
    }

    private Expression expression() {
        Expression left = term();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            Operator operator = advance().kind() == Kind.PLUS ? Operator.ADD : Operator.SUB;
            left = Expression.call(operator, left, term());
        }
        return left;
    }

    private Expression term() {
        Expression left = unary();
        while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH) {
            Operator operator = advance().kind() == Kind.STAR ? Operator.MUL : Operator.DIV;
            left = Expression.call(operator, left, unary());
        }
        return left;
    }

    private Expression unary() {
        if (peek().kind() != Kind.MINUS) {
            return power();
        }
        advance();
        if (peek().kind() == Kind.NUMBER && peek(1).kind() != Kind.CARET) {
            return new Constant(-number(advance()));
        }
        enter();
        Expression operand = unary();
        nesting--;
        return Expression.call(Operator.NEG, operand);
    }

    private Expression power() {
        Expression base = primary();
        if (peek().kind() != Kind.CARET) {
            return base;
        }
        advance();
        return new Call(Operator.POW, List.of(base), new Constant(exponent()));
    }

    private double exponent() {
        boolean parenthesised = peek().kind() == Kind.LPAREN;
        if (parenthesised) {
            advance();
        }
        boolean negative = peek().kind() == Kind.MINUS;
        if (negative) {
            advance();
        }
        Token token = expect(Kind.NUMBER, "a constant exponent ('^' takes a number, e.g. p^2 or p^-0.5)");
        if (parenthesised) {
            expect(Kind.RPAREN, "')'");
        }
        double value = number(token);
        return negative ? -value : value;
    }

    private Expression primary() {
        Token token = advance();
        return switch (token.kind()) {
            case NUMBER -> new Constant(number(token));
            case NAME -> name(token);
            case LPAREN -> {
                enter();
                Expression inner = expression();
                expect(Kind.RPAREN, "')'");
                nesting--;
                yield inner;
            }
            default -> throw unexpected(token, "a number, p, y, a function or '('");
        };
    }

    private Expression name(Token token) {
        String name = token.text();
        for (Variable variable : Variable.values()) {
            if (variable.symbol().equals(name)) {
                return variable;
            }
        }
        Operator function = Operator.function(name)
                .orElseThrow(() -> new InvalidLossException(
                        "unknown name '" + name + "' at position " + token.position() + ": expected p, y or one of "
                                + String.join(", ", Operator.functionNames()),
                        token.position()));
        expect(Kind.LPAREN, "'(' after " + name);
        enter();
        List<Expression> arguments = new ArrayList<>();
        arguments.add(expression());
        while (peek().kind() == Kind.COMMA) {
            advance();
            arguments.add(expression());
        }
        expect(Kind.RPAREN, function.arity() > 1 ? "',' or ')'" : "')'");
        nesting--;
        if (arguments.size() != function.arity()) {
            throw new InvalidLossException(
                    name + " at position " + token.position() + " takes " + function.arity() + " argument(s), got "
                            + arguments.size(),
                    token.position());
        }
        return new Call(function, arguments);
    }

    private double number(Token token) {
        double value;
        try {
            value = Double.parseDouble(token.text());
        } catch (NumberFormatException e) {
            throw new InvalidLossException(
                    "malformed number '" + token.text() + "' at position " + token.position(), token.position());
        }
        if (!ExpressionLimits.isAllowedConstant(value)) {
            throw new InvalidLossException(
                    "constant " + token.text() + " at position " + token.position() + " exceeds the limit |c| <= 1e6",
                    token.position());
        }
        return value;
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw new InvalidLossException(
                    "the expression is nested too deeply at position " + peek().position(), peek().position());
        }
    }

    private Token expect(Kind kind, String what) {
        Token token = advance();
        if (token.kind() != kind) {
            throw unexpected(token, what);
        }
        return token;
    }

    private static InvalidLossException unexpected(Token token, String what) {
        return new InvalidLossException(
                "at position " + token.position() + ": expected " + what + " but found " + token.describe(),
                token.position());
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token token = peek();
        if (next < tokens.size() - 1) {
            next++;
        }
        return token;
    }
}
