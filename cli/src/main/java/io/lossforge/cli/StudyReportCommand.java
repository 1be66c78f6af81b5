package io.lossforge.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lossforge study report}: {@code GET /api/v1/studies/{id}/report} printed or written to a file. */
@Command(
        name = "report",
        description = {
            "Print a study's report in the paper's shape: rows = losses, columns = tasks; cross-entropy as absolute "
                    + "accuracy, the others as Δ in points with the 95 % interval and both verdicts."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
final class StudyReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    StudyIdArgument study;

    @Option(
            names = "--format",
            paramLabel = "markdown|csv|json",
            defaultValue = "markdown",
            description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the report to FILE.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!format.matches("markdown|csv|json")) {
            throw new InputException("--format must be markdown, csv or json, not '" + format + "'");
        }
        String report;
        try (ApiClient api = orchestrator.client()) {
            String path = study.path() + "/report?format=" + format;
            report = format.equals("json") ? Json.line(api.get(path)) + "\n" : api.getText(path);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            Files.writeString(output, report);
            out.println("wrote " + output);
        } else {
            out.print(report);
        }
        out.flush();
        return 0;
    }
}
