package io.lossforge.api.problem;

/**
 * How much of a client's input a problem may echo back: at most {@link #MAX_CHARS} characters, then an
 * ellipsis. A 10 kB expression must not come back whole in {@code detail} (it bloats logs and answers, and
 * reflects whatever the client sent).
 */
public final class Echo {

    /** The most characters of user input one problem text carries. */
    public static final int MAX_CHARS = 200;

    private Echo() {}

    /** {@code text} itself when short enough, else its first {@link #MAX_CHARS} code points and "…". */
    public static String limit(String text) {
        if (text == null || text.codePointCount(0, text.length()) <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_CHARS)) + "…";
    }

    /** A value of any type as echoed text ({@code null} stays "null"). */
    public static String limit(Object value) {
        return limit(String.valueOf(value));
    }
}
