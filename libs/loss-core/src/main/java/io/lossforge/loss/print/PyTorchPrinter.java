package io.lossforge.loss.print;

import io.lossforge.loss.Algebra;
import io.lossforge.loss.Interpreter;
import io.lossforge.loss.Loss;
import io.lossforge.loss.Operator;
import io.lossforge.loss.Reduction;

/**
 * Exports a loss as a self-contained PyTorch function {@code loss(logits, target)}. The body is
 * produced by interpreting the expression through the {@link Operator} table, so the exported code has
 * exactly the protected semantics of the reference evaluator and the trainer.
 */
public final class PyTorchPrinter {

    private PyTorchPrinter() {
    }

    public static String print(Loss loss) {
        Code body = Interpreter.interpret(loss.expression(), new TorchSource(), Code.variable("p"), Code.variable("y"));
        String reduced = loss.reduction() == Reduction.MEAN ? "f.mean()" : "f.sum(dim=1).mean()";
        return """
                import torch


                def _away_from_zero(x, eps):
                    # x where |x| >= eps, else +eps (x >= 0) or -eps (x < 0): LossForge's protected divisor
                    return torch.where(x.abs() < eps, torch.where(x >= 0, eps, -eps).to(x.dtype), x)


                def loss(logits, target):
                    \"\"\"LossForge loss: %s (reduction: %s).

                    logits: float tensor [N, C]; target: int64 class indices [N].
                    \"\"\"
                    p = torch.softmax(logits, dim=1)
                    y = torch.nn.functional.one_hot(target, num_classes=logits.shape[1]).to(p.dtype)
                    f = %s
                    return %s
                """.formatted(InfixPrinter.print(loss.expression()), loss.reduction().id(),
                body.text(), reduced);
    }

    /** A fragment of Python source; {@code constant} fragments are plain floats, not tensors. */
    private record Code(String text, boolean constant) {
        static Code variable(String name) {
            return new Code(name, false);
        }

        /** Torch functions need a tensor argument: wrap a constant fragment. */
        String tensor() {
            return constant ? "torch.tensor(" + text + ")" : text;
        }
    }

    private static final class TorchSource implements Algebra<Code> {

        private static Code infix(Code a, String symbol, Code b) {
            return new Code("(" + a.text() + " " + symbol + " " + b.text() + ")", a.constant() && b.constant());
        }

        private static Code function(String name, Code a) {
            return new Code(name + "(" + a.tensor() + ")", false);
        }

        private static Code function(String name, Code a, Code b) {
            return new Code(name + "(" + a.tensor() + ", " + b.tensor() + ")", false);
        }

        @Override
        public Code constant(double value) {
            return new Code(Numbers.format(value).contains(".") || Numbers.format(value).contains("e")
                    ? Numbers.format(value) : Numbers.format(value) + ".0", true);
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
            return new Code("(-" + a.text() + ")", a.constant());
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
            return new Code("torch.clamp(" + a.tensor() + ", min=" + Numbers.format(lower) + ")", false);
        }

        @Override
        public Code awayFromZero(Code a, double epsilon) {
            return new Code("_away_from_zero(" + a.tensor() + ", " + Numbers.format(epsilon) + ")", false);
        }

        @Override
        public Code pow(Code a, double exponent) {
            return new Code("torch.pow(" + a.tensor() + ", " + constant(exponent).text() + ")", false);
        }
    }
}
