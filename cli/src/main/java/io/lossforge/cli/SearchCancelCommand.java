package io.lossforge.cli;

import io.lossforge.api.search.SearchView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lossforge search cancel}: {@code POST /api/v1/searches/{id}/cancel}. */
@Command(
        name = "cancel",
        description = {
            "Cancel a search: no further candidates are dispatched and running trials are cancelled; every result "
                    + "so far is kept, so its leaderboard stays available. Prints the search's new state.",
            "",
            "Cancelling a search that has already ended is refused (exit code 2)."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
final class SearchCancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(
            names = "--json",
            description =
                    "Print the cancelled search as the orchestrator returns it, one JSON " + "object on one line.")
    boolean json;

    @Override
    public Integer call() {
        String path = search.path() + "/cancel";
        JsonNode cancelled;
        try (ApiClient api = orchestrator.client()) {
            cancelled = api.post(path, null);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(cancelled));
        } else {
            SearchView view = Json.view(cancelled, SearchView.class);
            out.println("search " + Views.text(view.id()) + ": " + Views.text(view.state())
                    + (view.message() == null ? "" : " (" + view.message() + ")"));
        }
        out.flush();
        return 0;
    }
}
