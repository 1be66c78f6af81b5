package io.lossforge.cli;

import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.print.LatexPrinter;
import io.lossforge.loss.print.PyTorchPrinter;
import io.lossforge.loss.simplify.LossHash;
import io.lossforge.loss.simplify.Simplifier;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lossforge loss show}: every representation of one loss, from canonical text to PyTorch code. */
@Command(
        name = "show",
        description = {
            "Show a loss: canonical expression, simplified form, reduction, hash, LaTeX and PyTorch code.",
            "For catalog names also the description and the published source.",
            "",
            "The hash identifies the loss across spellings: it is computed from the reduction and the "
                    + "simplified expression."
        },
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_USAGE})
final class LossShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LossArgument argument;

    @Option(
            names = "--json",
            description = "Print one JSON object with the fields name, description, source "
                    + "(catalog entries only), expression, simplified, reduction, hash, latex and pytorch.")
    boolean json;

    @Override
    public Integer call() {
        Loss loss = argument.resolve();
        Optional<LossCatalog.Entry> entry = argument.catalogEntry();
        // Insertion order is output order: identity first, then the forms of the expression, code last.
        Map<String, String> fields = new LinkedHashMap<>();
        entry.ifPresent(e -> {
            fields.put("name", e.name());
            fields.put("description", e.description());
            fields.put("source", e.source());
        });
        fields.put("expression", InfixPrinter.print(loss.expression()));
        fields.put("simplified", InfixPrinter.print(Simplifier.simplify(loss.expression())));
        fields.put("reduction", loss.reduction().id());
        fields.put("hash", LossHash.of(loss));
        fields.put("latex", LatexPrinter.print(loss.expression()));
        String pytorch = PyTorchPrinter.print(loss);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var object = Json.object();
            fields.forEach(object::put);
            object.put("pytorch", pytorch);
            out.println(Json.line(object));
        } else {
            // An explicit --reduction on a catalog entry changes the hash; make that visible.
            entry.filter(e -> e.loss().reduction() != loss.reduction())
                    .ifPresent(e -> fields.put(
                            "reduction",
                            loss.reduction().id() + " (overrides the catalog's "
                                    + e.loss().reduction().id() + ")"));
            int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
            fields.forEach((label, value) -> out.println(pad(label + ":", width) + " " + value));
            out.println();
            out.println("PyTorch:");
            out.print(pytorch.endsWith("\n") ? pytorch : pytorch + "\n");
        }
        out.flush();
        return 0;
    }

    static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
