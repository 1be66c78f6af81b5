package io.lossforge.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lossforge export}: {@code GET /api/v1/losses/{hash}/export}, a loss the orchestrator knows in a
 * form to paste elsewhere. The text is printed exactly as served, so that it can be redirected to a file.
 */
@Command(
        name = "export",
        description = {
            "Export a loss as PyTorch code, LaTeX or an infix expression.",
            "",
            "The loss is found by its hash among the candidates of every search and the catalog losses.",
            "Hashes are shown by 'lossforge leaderboard' and 'lossforge loss show'."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        },
        footer = {"", "Example:", "  lossforge export 9f8e7d6c5b4a3210 --format pytorch > evolved_loss.py"})
final class ExportCommand implements Callable<Integer> {

    /** The formats the orchestrator serves; checked here so that a typo is a usage error listing them. */
    enum Format {
        PYTORCH,
        LATEX,
        INFIX;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Parameters(index = "0", paramLabel = "HASH", description = "The loss's hash, e.g. 9f8e7d6c5b4a3210.")
    String hash;

    @Option(
            names = "--format",
            paramLabel = "pytorch|latex|infix",
            defaultValue = "infix",
            description = "pytorch (a module with the loss as forward), latex (the formula) or infix (the "
                    + "expression in the loss language). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--json", description = "Print {\"hash\": ..., \"format\": ..., \"text\": ...} on one line.")
    boolean json;

    @Override
    public Integer call() {
        String id = format(format).id();
        String text;
        try (ApiClient api = orchestrator.client()) {
            text = api.getText("/api/v1/losses/" + ApiClient.segment(hash.strip()) + "/export?format=" + id);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            // The endpoint answers with plain text; this object is the CLI's, for scripts that want one line.
            out.println(Json.line(
                    Json.object().put("hash", hash.strip()).put("format", id).put("text", text)));
        } else {
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
        out.flush();
        return 0;
    }

    private static Format format(String text) {
        try {
            return Format.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException("--format must be pytorch, latex or infix, got '" + text + "'");
        }
    }
}
