package io.lossforge.loss.print;

import io.lossforge.loss.BatchAlgebra;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossHead;
import io.lossforge.loss.Operator;

/**
 * Exports a loss as a self-contained PyTorch function {@code loss(logits, target)}. The body is the
 * {@link LossHead} written out in PyTorch, the expression interpreted through the {@link Operator}
 * table, so the exported code has exactly the head, the reduction and the protected semantics of the
 * reference evaluator and the trainer. It works in the logits' floating-point type; constants that
 * become tensors are float64 zero-dimensional tensors, which never widen a float32 batch and lose
 * nothing in a float64 one.
 */
public final class PyTorchPrinter {

    private PyTorchPrinter() {}

    public static String print(Loss loss) {
        TorchSource source = new TorchSource();
        Code reduced = LossHead.apply(loss, source, Code.variable("logits"), Code.variable("target"));
        return """
                import torch


                def _away_from_zero(x, eps):
                    # x where |x| >= eps, else +eps (x >= 0) or -eps (x < 0): LossForge's protected divisor
                    e = torch.full_like(x, eps)
                    return torch.where(x.abs() < eps, torch.where(x >= 0, e, -e), x)


                def loss(logits, target):
                    \"\"\"LossForge loss: %s (reduction: %s).

                    logits: float tensor [N, C]; target: int64 class indices [N].
                    \"\"\"
                %s    return %s
                """.formatted(
                InfixPrinter.print(loss.expression()), loss.reduction().id(), source.statements, reduced.text());
    }

    /**
     * A fragment of Python source. {@code constant} fragments are plain floats, not tensors;
     * {@code dataFree} ones (constants and functions of them, 0-dimensional) depend on neither p nor y.
     */
    private record Code(String text, boolean constant, boolean dataFree) {
        static Code variable(String name) {
            return new Code(name, false, false);
        }

        /** Torch functions need a tensor argument: wrap a constant fragment. */
        String tensor() {
            return constant ? "torch.tensor(" + text + ", dtype=torch.float64)" : text;
        }
    }

    /** Element-wise primitives as expressions; the head's steps as assignments to p, y and f. */
    private static final class TorchSource implements BatchAlgebra<Code> {

        private final StringBuilder statements = new StringBuilder();

        private Code assign(String name, String value) {
            statements.append("    ").append(name).append(" = ").append(value).append('\n');
            return Code.variable(name);
        }

        @Override
        public Code softmax(Code logits) {
            return assign("p", "torch.softmax(" + logits.text() + ", dim=1)");
        }

        @Override
        public Code oneHot(Code labels, Code probabilities) {
            return assign(
                    "y",
                    "torch.nn.functional.one_hot(" + labels.text() + ", num_classes=" + probabilities.text()
                            + ".shape[1]).to(" + probabilities.text() + ".dtype)");
        }

        @Override
        public Code entries(Code values, Code like) {
            return assign(
                    "f",
                    values.dataFree() ? "torch.zeros_like(" + like.text() + ") + " + values.text() : values.text());
        }

        @Override
        public Code meanOverAll(Code entries) {
            return Code.variable(entries.text() + ".mean()");
        }

        @Override
        public Code sumOverClasses(Code entries) {
            return Code.variable(entries.text() + ".sum(dim=1)");
        }

        @Override
        public Code meanOverSamples(Code perSample) {
            return Code.variable(perSample.text() + ".mean()");
        }

        private static Code infix(Code a, String symbol, Code b) {
            return new Code(
                    "(" + a.text() + " " + symbol + " " + b.text() + ")",
                    a.constant() && b.constant(),
                    a.dataFree() && b.dataFree());
        }

        private static Code function(String name, Code a) {
            return new Code(name + "(" + a.tensor() + ")", false, a.dataFree());
        }

        private static Code function(String name, Code a, Code b) {
            return new Code(name + "(" + a.tensor() + ", " + b.tensor() + ")", false, a.dataFree() && b.dataFree());
        }

        @Override
        public Code constant(double value) {
            return new Code(
                    Numbers.format(value).contains(".") || Numbers.format(value).contains("e")
                            ? Numbers.format(value)
                            : Numbers.format(value) + ".0",
                    true,
                    true);
        }

        @Override
        public Code add(Code a, Code b) {
            return infix(a, "+", b);
        }

        @Override
        public Code subtract(Code a, Code b) {
            return infix(a, "-", b);
        }

        @Override
        public Code multiply(Code a, Code b) {
            return infix(a, "*", b);
        }

        @Override
        public Code divide(Code a, Code b) {
            return infix(a, "/", b);
        }

        @Override
        public Code negate(Code a) {
            return new Code("(-" + a.text() + ")", a.constant(), a.dataFree());
        }

        @Override
        public Code exp(Code a) {
            return function("torch.exp", a);
        }

        @Override
        public Code ln(Code a) {
            return function("torch.log", a);
        }

        @Override
        public Code sqrt(Code a) {
            return function("torch.sqrt", a);
        }

        @Override
        public Code abs(Code a) {
            return function("torch.abs", a);
        }

        @Override
        public Code sin(Code a) {
            return function("torch.sin", a);
        }

        @Override
        public Code cos(Code a) {
            return function("torch.cos", a);
        }

        @Override
        public Code tanh(Code a) {
            return function("torch.tanh", a);
        }

        @Override
        public Code sigmoid(Code a) {
            return function("torch.sigmoid", a);
        }

        @Override
        public Code minimum(Code a, Code b) {
            return function("torch.minimum", a, b);
        }

        @Override
        public Code maximum(Code a, Code b) {
            return function("torch.maximum", a, b);
        }

        @Override
        public Code clampMin(Code a, double lower) {
            return new Code("torch.clamp(" + a.tensor() + ", min=" + Numbers.format(lower) + ")", false, a.dataFree());
        }

        @Override
        public Code awayFromZero(Code a, double epsilon) {
            return new Code(
                    "_away_from_zero(" + a.tensor() + ", " + Numbers.format(epsilon) + ")", false, a.dataFree());
        }

        @Override
        public Code pow(Code a, double exponent) {
            return new Code(
                    "torch.pow(" + a.tensor() + ", " + constant(exponent).text() + ")", false, a.dataFree());
        }
    }
}
