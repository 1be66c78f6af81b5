package io.lossforge.cli;

import io.lossforge.api.search.SearchPage;
import io.lossforge.api.search.SearchView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lossforge search list}: {@code GET /api/v1/searches}, one page, newest first. */
@Command(
        name = "list",
        description = {
            "List searches, newest first: id, name, state, the generation being evaluated (the last one once the "
                    + "search ended), candidates trained so far, best fitness (validation accuracy) and creation "
                    + "time (UTC).",
            "",
            "One page at a time; a last line says when there are more."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
final class SearchListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Option(
            names = "--page",
            paramLabel = "N",
            defaultValue = "0",
            description = "The page, counted from 0. Default: ${DEFAULT-VALUE}.")
    int page;

    @Option(
            names = "--size",
            paramLabel = "N",
            defaultValue = "20",
            description = "Searches per page, at most 200. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(
            names = "--json",
            description = "Print the page as the orchestrator returns it, one JSON object on "
                    + "one line: {\"items\": [<search>, ...], \"page\": ..., \"size\": ..., \"total\": ...}.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode result;
        try (ApiClient api = orchestrator.client()) {
            result = api.get("/api/v1/searches?page=" + page + "&size=" + size);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(result));
            out.flush();
            return 0;
        }
        SearchPage listed = Json.view(result, SearchPage.class);
        List<SearchView> items = listed.items();
        long total = listed.total();
        if (items.isEmpty()) {
            out.println(
                    total == 0
                            ? "no searches yet"
                            : "page " + page + " is past the last page (" + total + " searches)");
            out.flush();
            return 0;
        }
        Table table =
                new Table("ID", "NAME", "STATE", "GENERATION", "EVALUATED", "BEST", "CREATED").alignRight(3, 4, 5);
        for (SearchView search : items) {
            table.add(
                    Views.text(search.id()),
                    Views.text(search.name()),
                    Views.text(search.state()),
                    Views.text(search.generation()),
                    Views.text(search.counts().evaluated()),
                    search.best() == null ? "-" : Views.fitness(search.best().fitness()),
                    Views.instant(search.createdAt()));
        }
        table.print(out);
        long shown = (long) page * size + items.size();
        if (shown < total) {
            out.println("searches " + ((long) page * size + 1) + "-" + shown + " of " + total + "; next page: --page "
                    + (page + 1));
        }
        out.flush();
        return 0;
    }
}
