package io.lossforge.cli;

import io.lossforge.api.search.ResumeRequest;
import io.lossforge.api.search.SearchView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code lossforge search resume}: {@code POST /api/v1/searches/{id}/resume}. */
@Command(
        name = "resume",
        description = {
            "Resume a FAILED or CANCELLED search from its current generation (finished generations are kept; "
                    + "candidates without a result are evaluated again), or extend any ended search with "
                    + "--generations. Prints the search's new state.",
            "",
            "Resuming a running search, or a SUCCEEDED one without --generations, is refused (exit code 2)."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
final class SearchResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(
            names = "--generations",
            paramLabel = "N",
            description =
                    "Generations to add to the search's limit (at most " + ResumeRequest.MAX_EXTRA_GENERATIONS + ").")
    Integer generations;

    @Option(names = "--json", description = "Print the resumed search as the orchestrator returns it, on one line.")
    boolean json;

    @Override
    public Integer call() {
        int most = ResumeRequest.MAX_EXTRA_GENERATIONS;
        if (generations != null && (generations < 1 || generations > most)) {
            throw new InputException("--generations must be between 1 and " + most + ", got " + generations);
        }
        ObjectNode body = Json.object();
        if (generations != null) {
            body.put("generations", generations);
        }
        JsonNode resumed;
        try (ApiClient api = orchestrator.client()) {
            resumed = api.post(search.path() + "/resume", body);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(resumed));
        } else {
            SearchView view = Json.view(resumed, SearchView.class);
            out.println("search " + Views.text(view.id()) + ": " + Views.text(view.state()) + " at generation "
                    + view.generation() + " of " + view.generationLimit());
        }
        out.flush();
        return 0;
    }
}
