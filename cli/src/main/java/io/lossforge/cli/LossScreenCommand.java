package io.lossforge.cli;

import io.lossforge.loss.screen.Screening;
import io.lossforge.loss.screen.Verdict;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lossforge loss screen}: the cheap pre-training checks of the search. The exit code carries the
 * verdict so that shell scripts can filter candidate losses without parsing output.
 */
@Command(
        name = "screen",
        description = {
            "Screen a loss with the checks the search applies before any training: it must use p and y, "
                    + "be finite on p in [0, 1], vary with p, and move an unlikely target's probability up "
                    + "under gradient descent.",
            "Prints the verdict (ACCEPTED or REJECTED(REASON)) and what was observed."
        },
        exitCodeList = {
            "0:the loss is accepted",
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_USAGE,
            "3:the loss is rejected"
        })
final class LossScreenCommand implements Callable<Integer> {

    /** Distinct from picocli's 1 (error) and 2 (usage), so "rejected" is never mistaken for a failure. */
    static final int REJECTED = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    LossArgument argument;

    @Option(
            names = "--json",
            description = "Print {\"verdict\": \"ACCEPTED\"|\"REJECTED\", \"reason\": ..., "
                    + "\"detail\": ...} on one line; reason is null when accepted.")
    boolean json;

    @Override
    public Integer call() {
        Verdict verdict = Screening.screen(argument.resolve());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var object = Json.object();
            object.put("verdict", verdict.isAccepted() ? "ACCEPTED" : "REJECTED");
            object.put("reason", verdict.isAccepted() ? null : verdict.reason().name());
            object.put("detail", verdict.detail());
            out.println(Json.line(object));
        } else {
            out.println("verdict: " + verdict.label());
            out.println("detail:  " + verdict.detail());
        }
        out.flush();
        return verdict.isAccepted() ? 0 : REJECTED;
    }
}
