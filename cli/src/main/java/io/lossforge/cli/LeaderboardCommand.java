package io.lossforge.cli;

import io.lossforge.api.search.LeaderboardRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
            "Fitness is the validation accuracy reached with the loss. Losses that train alike (gradient-"
                    + "equivalent) are one row, their simplest form, FORMS counting them (--group none lists "
                    + "every loss); baselines are rows labelled [name]; only successfully trained candidates are "
                    + "ranked.",
            "Columns: rank, fitness with its 95 % interval (Wilson, over the validation images), its difference "
                    + "to the ce baseline of the same search (- while that baseline has no result) with the exact "
                    + "paired test's p-value (McNemar, same images and initial weights), forms, tree size in nodes, "
                    + "generation (- for baselines), hash (see 'lossforge export') and expression; TEST (test "
                    + "accuracy) appears when the task measured it.",
            "The table ends with one sentence: whether any evolved loss beat ce significantly, Holm-corrected "
                    + "over all evolved rows (not only those shown)."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        },
        footer = {"", "Example:", "  lossforge leaderboard 3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34 --limit 5"})
final class LeaderboardCommand implements Callable<Integer> {

    /** The leaderboard endpoint's largest page. */
    static final int MAX_ROWS = 1000;

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
            names = "--hall-of-fame",
            description = "Instead: the hall of fame, the best family at each complexity that beats every simpler "
                    + "one (the Pareto front of fitness against nodes), simplest first.")
    boolean hallOfFame;

    @Option(
            names = "--group",
            paramLabel = "family|none",
            description = "family: one row per gradient-equivalence family (the orchestrator's default); none: "
                    + "every evaluated loss.")
    String group;

    @Option(
            names = "--json",
            description = "Print the rows as the orchestrator returns them, one JSON array on "
                    + "one line; deltaVsCe is the difference to the ce baseline, baseline names a baseline row.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_ROWS) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--limit must be between 1 and " + MAX_ROWS + ", got " + limit);
        }
        // The verdict weighs every row, so the human form reads them all and shows the first --limit.
        String path = hallOfFame
                ? search.path() + "/hall-of-fame"
                : search.path() + "/leaderboard?limit=" + (json ? limit : MAX_ROWS)
                        + (group == null ? "" : "&group=" + ApiClient.segment(group));
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
        List<String> header = new ArrayList<>(List.of(
                "RANK",
                "FITNESS",
                "95 % INTERVAL",
                "Δ CE",
                "P VS CE",
                "FORMS",
                "NODES",
                "GENERATION",
                "HASH",
                "EXPRESSION"));
        if (test) {
            header.add(3, "TEST");
        }
        Table table = new Table(header.toArray(String[]::new))
                .alignRight(test ? new int[] {0, 1, 3, 4, 5, 6, 7, 8} : new int[] {0, 1, 3, 4, 5, 6, 7});
        for (LeaderboardRow row : hallOfFame ? ranked : ranked.subList(0, Math.min(limit, ranked.size()))) {
            boolean baseline = row.baseline() != null;
            List<String> cells = new ArrayList<>(List.of(
                    Views.text(row.rank()),
                    Views.fitness(row.fitness()),
                    interval(row),
                    Views.signed(row.deltaVsCe()),
                    baseline || row.pValueVsCe() == null ? "-" : CeVerdict.p(row.pValueVsCe()),
                    Views.text(row.forms()),
                    Views.text(row.nodes()),
                    baseline ? "-" : Views.text(row.generation()),
                    Views.text(row.hash()),
                    (baseline ? "[" + row.baseline() + "] " : "") + Views.text(row.expression())));
            if (test) {
                cells.add(3, Views.fitness(row.testAccuracy()));
            }
            table.add(cells.toArray(String[]::new));
        }
        table.print(out);
        if (!hallOfFame) {
            out.println();
            out.println(CeVerdict.of(ranked));
        }
        out.flush();
        return 0;
    }

    /** E.g. "0.8272-0.8589"; "-" from an orchestrator that does not send it. */
    private static String interval(LeaderboardRow row) {
        return row.fitnessLow() == null || row.fitnessHigh() == null
                ? "-"
                : Views.fitness(row.fitnessLow()) + "-" + Views.fitness(row.fitnessHigh());
    }
}
