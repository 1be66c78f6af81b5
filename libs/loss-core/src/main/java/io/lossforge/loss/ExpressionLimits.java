package io.lossforge.loss;

/**
 * The size limits of every loss expression, defined once. The parser enforces them on all input, the
 * search engine may only tighten them.
 */
public final class ExpressionLimits {

    /** At most this many nodes (leaves included). */
    public static final int MAX_NODES = 64;
    /** At most this deep; a single leaf has depth 1. */
    public static final int MAX_DEPTH = 12;
    /** Constants must be finite with magnitude at most this. */
    public static final double MAX_CONSTANT = 1e6;

    private ExpressionLimits() {}

    /** Throws {@link InvalidLossException} naming the first limit the expression exceeds. */
    public static void check(Expression expression) {
        int size = expression.size();
        if (size > MAX_NODES) {
            throw new InvalidLossException("expression has " + size + " nodes; at most " + MAX_NODES + " are allowed");
        }
        int depth = expression.depth();
        if (depth > MAX_DEPTH) {
            throw new InvalidLossException(
                    "expression is " + depth + " levels deep; at most " + MAX_DEPTH + " are allowed");
        }
        checkConstants(expression);
    }

    /** Whether a constant value is allowed in an expression. */
    public static boolean isAllowedConstant(double value) {
        return Double.isFinite(value) && Math.abs(value) <= MAX_CONSTANT;
    }

    private static void checkConstants(Expression expression) {
        switch (expression) {
            case Constant constant
            when !isAllowedConstant(constant.value()) ->
                throw new InvalidLossException("constant " + constant.value() + " exceeds the limit |c| <= 1e6");
            case Call call -> {
                if (call.parameter() != null) {
                    checkConstants(call.parameter());
                }
                call.arguments().forEach(ExpressionLimits::checkConstants);
            }
            default -> {}
        }
    }
}
