package io.lossforge.cli;

import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.print.InfixPrinter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lossforge loss list}: the named reference losses usable wherever EXPR is expected. */
@Command(
        name = "list",
        description = "List the loss catalog: name, default reduction, expression and description.",
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_USAGE})
final class LossListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--json",
            description = "Print one JSON array of objects with the fields name, reduction, "
                    + "expression, description and source.")
    boolean json;

    @Override
    public Integer call() {
        List<LossCatalog.Entry> entries = LossCatalog.entries();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var array = Json.array();
            for (LossCatalog.Entry entry : entries) {
                array.addObject()
                        .put("name", entry.name())
                        .put("reduction", entry.loss().reduction().id())
                        .put("expression", InfixPrinter.print(entry.loss().expression()))
                        .put("description", entry.description())
                        .put("source", entry.source());
            }
            out.println(Json.line(array));
        } else {
            String[] header = {"NAME", "REDUCTION", "EXPRESSION", "DESCRIPTION"};
            int[] width = new int[3];
            for (int i = 0; i < width.length; i++) {
                width[i] = header[i].length();
            }
            for (LossCatalog.Entry entry : entries) {
                width[0] = Math.max(width[0], entry.name().length());
                width[1] = Math.max(width[1], entry.loss().reduction().id().length());
                width[2] = Math.max(
                        width[2], InfixPrinter.print(entry.loss().expression()).length());
            }
            out.println(row(width, header));
            for (LossCatalog.Entry entry : entries) {
                out.println(row(
                        width,
                        entry.name(),
                        entry.loss().reduction().id(),
                        InfixPrinter.print(entry.loss().expression()),
                        entry.description()));
            }
        }
        out.flush();
        return 0;
    }

    /** Columns padded to {@code width}, two spaces apart; the last column is not padded. */
    private static String row(int[] width, String... cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i < width.length ? LossShowCommand.pad(cells[i], width[i] + 2) : cells[i]);
        }
        return line.toString();
    }
}
