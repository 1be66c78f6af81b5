package io.lossforge.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lossforge study show}: {@code GET /api/v1/studies/{id}} as a progress line and a table. */
@Command(
        name = "show",
        description = {
            "Show a study: its progress (elapsed time, ETA, trials running) and per loss, task and budget the mean "
                    + "accuracy, the Δ vs cross-entropy with its 95 % interval, both verdicts and the models' "
                    + "confidence. With --watch, follows it until it ends."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
final class StudyShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    StudyIdArgument study;

    @Option(names = "--watch", description = "Poll until the study ends.")
    boolean watch;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = SearchWatch.IntervalConverter.class,
            description = "Time between polls with --watch. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--json", description = "Print the study as the orchestrator returns it, on one line.")
    boolean json;

    @Override
    public Integer call() {
        String path = study.path();
        try (ApiClient api = orchestrator.client()) {
            if (watch) {
                return StudyWatch.run(api, path, interval, spec.commandLine());
            }
            JsonNode view = api.get(path);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.line(view));
            } else {
                out.println("study " + Views.text(view.path("id"))
                        + (view.path("name").isString()
                                ? " (" + view.path("name").asString() + ")"
                                : ""));
                out.println(StudyDisplay.progressLine(view));
                if (view.path("state").asString().equals("RUNNING")) {
                    out.println(ProgressText.trainers(api));
                }
                out.print(StudyDisplay.cells(view));
            }
            out.flush();
            return 0;
        }
    }
}
