package io.lossforge.loss.golden;

import io.lossforge.loss.Expression;
import io.lossforge.loss.Loss;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.eval.Dual;
import io.lossforge.loss.eval.ReferenceEvaluator;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.simplify.LossHash;
import io.lossforge.loss.simplify.Simplifier;

/**
 * One line of the golden corpus: a stored input text with its reduction, and what loss-core makes of it
 * — the printed input, the canonical text, the {@link LossHash} and the reference values at two points.
 * Tab-separated; doubles in Java's shortest round-trip form.
 */
record GoldenEntry(Reduction reduction, String input, String printed, String canonical, String hash, String values) {

    static final String HEADER =
            "# reduction\tinput\tprinted input\tcanonical\thash\tf(0.3,1) f'(0.3,1) f(0.05,0) f'(0.05,0)";

    /** What the current code makes of {@code input}. */
    static GoldenEntry compute(Reduction reduction, String input) {
        Expression expression = Parser.parse(input);
        Dual a = ReferenceEvaluator.entry(expression, 0.3, 1.0);
        Dual b = ReferenceEvaluator.entry(expression, 0.05, 0.0);
        return new GoldenEntry(
                reduction,
                input,
                InfixPrinter.print(expression),
                InfixPrinter.print(Simplifier.simplify(expression)),
                LossHash.of(new Loss(expression, reduction)),
                a.value() + " " + a.derivative() + " " + b.value() + " " + b.derivative());
    }

    static GoldenEntry parse(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 6) {
            throw new IllegalArgumentException("a corpus line has 6 tab-separated fields: " + line);
        }
        return new GoldenEntry(Reduction.of(fields[0]), fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    String line() {
        return String.join("\t", reduction.id(), input, printed, canonical, hash, values);
    }
}
