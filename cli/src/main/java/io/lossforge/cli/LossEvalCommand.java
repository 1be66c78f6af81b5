package io.lossforge.cli;

import io.lossforge.loss.Loss;
import io.lossforge.loss.eval.Evaluation;
import io.lossforge.loss.eval.ReferenceEvaluator;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lossforge loss eval}: the reference value of a loss on a batch and its gradient with respect to
 * the logits, in double precision; what the trainer's implementation is checked against.
 */
@Command(
        name = "eval",
        description = {
            "Evaluate a loss on a batch of logits and labels: the reduced loss and its gradient with respect "
                    + "to the logits (same shape as the logits), through the softmax, in double precision.",
            "",
            "With --json the output is one line: {\"loss\": <number>, \"grad\": [[<number>, ...], ...]}. "
                    + "JSON has no NaN or infinity, so a non-finite loss or gradient entry is written as null. "
                    + "Without --json such values print as NaN, Infinity or -Infinity."
        },
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_USAGE},
        footer = {"", "Example:", "  lossforge loss eval ngl --logits '[[1,2,3],[0,0,5]]' --labels '[2,0]' --json"})
final class LossEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LossArgument argument;

    @Option(
            names = "--logits",
            required = true,
            paramLabel = "JSON",
            description = "The logits as a JSON array of N rows of C >= 2 finite numbers, e.g. '[[1,2,3],[0,0,5]]'.")
    String logits;

    @Option(
            names = "--labels",
            required = true,
            paramLabel = "JSON",
            description = "The N target class indices (0..C-1) as a JSON array of integers, e.g. '[2,0]'.")
    String labels;

    @Option(
            names = "--json",
            description = "Print {\"loss\": ..., \"grad\": [[...]]} on one line; non-finite " + "numbers as null.")
    boolean json;

    @Override
    public Integer call() {
        Loss loss = argument.resolve();
        double[][] batch = BatchInput.logits("--logits", logits);
        int[] targets = BatchInput.labels("--labels", labels);
        Evaluation evaluation;
        try {
            evaluation = ReferenceEvaluator.evaluate(loss, batch, targets);
        } catch (IllegalArgumentException e) {
            // The evaluator's documented input checks: label count and range, number of classes.
            throw new InputException("cannot evaluate: " + e.getMessage());
        }

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var object = Json.object();
            object.set("loss", Json.number(evaluation.loss()));
            object.set("grad", Json.matrix(evaluation.gradient()));
            out.println(Json.line(object));
        } else {
            out.println("loss: " + evaluation.loss());
            out.println("grad:");
            for (double[] row : evaluation.gradient()) {
                out.println("  "
                        + Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(", ", "[", "]")));
            }
        }
        out.flush();
        return 0;
    }
}
