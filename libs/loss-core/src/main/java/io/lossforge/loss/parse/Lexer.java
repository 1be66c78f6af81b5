package io.lossforge.loss.parse;

import io.lossforge.loss.InvalidLossException;
import java.util.ArrayList;
import java.util.List;

/** Splits infix text into tokens; numbers are {@code 12}, {@code 2.4092}, {@code .5}, {@code 1e-3}. */
final class Lexer {

    private Lexer() {}

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.') {
                int end = numberEnd(text, i);
                tokens.add(new Token(Token.Kind.NUMBER, text.substring(i, end), i));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < text.length()
                        && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                tokens.add(new Token(Token.Kind.NAME, text.substring(i, end), i));
                i = end;
            } else {
                tokens.add(new Token(symbol(c, i), String.valueOf(c), i));
                i++;
            }
        }
        tokens.add(new Token(Token.Kind.END, "", text.length()));
        return tokens;
    }

    private static Token.Kind symbol(char c, int position) {
        return switch (c) {
            case '+' -> Token.Kind.PLUS;
            case '-' -> Token.Kind.MINUS;
            case '*' -> Token.Kind.STAR;
            case '/' -> Token.Kind.SLASH;
            case '^' -> Token.Kind.CARET;
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case ',' -> Token.Kind.COMMA;
            default ->
                throw new InvalidLossException("unexpected character '" + c + "' at position " + position, position);
        };
    }

    private static int numberEnd(String text, int start) {
        int i = digits(text, start);
        if (i < text.length() && text.charAt(i) == '.') {
            i = digits(text, i + 1);
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            int end = digits(text, exponent);
            if (end == exponent) {
                throw new InvalidLossException(
                        "malformed number '" + text.substring(start, end) + "' at position " + start
                                + ": expected digits after the exponent",
                        start);
            }
            i = end;
        }
        return i;
    }

    private static int digits(String text, int i) {
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
