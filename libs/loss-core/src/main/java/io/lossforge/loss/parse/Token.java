package io.lossforge.loss.parse;

/** One lexical token of the infix language with its 0-based start position. */
record Token(Kind kind, String text, int position) {

    enum Kind {
        NUMBER,
        NAME,
        PLUS,
        MINUS,
        STAR,
        SLASH,
        CARET,
        LPAREN,
        RPAREN,
        COMMA,
        END
    }

    /** How the token is named in "expected ... but found ..." messages. */
    String describe() {
        return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
}
