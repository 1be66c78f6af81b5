package io.lossforge.cli;

import io.lossforge.api.search.LeaderboardRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lossforge leaderboard}: {@code GET /api/v1/searches/{id}/leaderboard}, the ranked losses of a search. */
@Command(
        name = "leaderboard",
        description = {
            "Rank the losses of a search by fitness.",
            "",
            "Fitness is the validation accuracy reached with the loss. Each distinct loss appears once, the "
                    + "baselines as rows labelled [name]; only successfully trained candidates are ranked.",
            "Columns: rank, fitness, its difference to the ce baseline of the same search (- while that baseline "
                    + "has no result), tree size in nodes, generation (- for baselines), hash (see 'lossforge "
                    + "export') and expression; TEST (test accuracy) appears when the task measured it."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        },
        footer = {"", "Example:", "  lossforge leaderboard 3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34 --limit 5"})
final class LeaderboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "Rows to show, at most 1000. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(
            names = "--json",
            description = "Print the rows as the orchestrator returns them, one JSON array on "
                    + "one line; deltaVsCe is the difference to the ce baseline, baseline names a baseline row.")
    boolean json;

    @Override
    public Integer call() {
        String path = search.path() + "/leaderboard?limit=" + limit;
        JsonNode rows;
        try (ApiClient api = orchestrator.client()) {
            rows = api.get(path);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(rows));
            out.flush();
            return 0;
        }
        List<LeaderboardRow> ranked = List.of(Json.view(rows, LeaderboardRow[].class));
        if (ranked.isEmpty()) {
            out.println("no trained losses yet");
            out.flush();
            return 0;
        }
        // Test accuracy exists only for tasks with evaluateTest; an always-empty column is noise.
        boolean test = false;
        for (LeaderboardRow row : ranked) {
            test |= row.testAccuracy() != null;
        }
        List<String> header =
                new ArrayList<>(List.of("RANK", "FITNESS", "Δ CE", "NODES", "GENERATION", "HASH", "EXPRESSION"));
        if (test) {
            header.add(2, "TEST");
        }
        Table table = new Table(header.toArray(String[]::new))
                .alignRight(test ? new int[] {0, 1, 2, 3, 4, 5} : new int[] {0, 1, 2, 3, 4});
        for (LeaderboardRow row : ranked) {
            boolean baseline = row.baseline() != null;
            List<String> cells = new ArrayList<>(List.of(
                    Views.text(row.rank()),
                    Views.fitness(row.fitness()),
                    Views.signed(row.deltaVsCe()),
                    Views.text(row.nodes()),
                    baseline ? "-" : Views.text(row.generation()),
                    Views.text(row.hash()),
                    (baseline ? "[" + row.baseline() + "] " : "") + Views.text(row.expression())));
            if (test) {
                cells.add(2, Views.fitness(row.testAccuracy()));
            }
            table.add(cells.toArray(String[]::new));
        }
        table.print(out);
        out.flush();
        return 0;
    }
}
