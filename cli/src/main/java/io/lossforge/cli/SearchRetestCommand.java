package io.lossforge.cli;

import io.lossforge.api.search.LeaderboardRow;
import io.lossforge.api.search.SearchView;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lossforge search retest}: before naming a winner, re-train the search's best evolved losses and ce
 * with several seeds on the test split, as ordinary one-generation searches, and weigh them ({@link Retest}).
 */
@Command(
        name = "retest",
        description = {
            "Re-train an ended search's top evolved losses (one per family) and ce with several seeds and "
                    + "measure them on the test split; name the winner (best mean test accuracy, with its "
                    + "spread) and say whether it beats ce: a paired t-test over the seeds, Holm-corrected over "
                    + "the losses re-tested.",
            "",
            "Each seed is one search of one generation with the same task (seed changed, test accuracy "
                    + "measured) whose seed losses are the losses re-tested and whose baseline is ce; "
                    + "equivalence and rejection are off there, so each is trained as given. The seeds are the "
                    + "search's task seed and the ones after it. Waits until those searches end."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        },
        footer = {"", "Example:", "  lossforge search retest 3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34 --top 3 --seeds 5"})
final class SearchRetestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(
            names = "--top",
            paramLabel = "K",
            defaultValue = "3",
            description = "Evolved losses to re-test, 2 to 10. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(
            names = "--seeds",
            paramLabel = "N",
            defaultValue = "5",
            description = "Seeds per loss, 2 to 20. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = SearchWatch.IntervalConverter.class,
            description = "Time between polls of the re-test searches. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Override
    public Integer call() throws InterruptedException {
        if (top < 2 || top > 10 || seeds < 2 || seeds > 20) {
            throw new InputException(
                    "--top must be 2 to 10 and --seeds 2 to 20; got --top " + top + " --seeds " + seeds);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ApiClient api = orchestrator.client()) {
            SearchView view = Json.view(api.get(search.path()), SearchView.class);
            if (!view.state().isFinal()) {
                throw new InputException(
                        "search " + view.id() + " is " + view.state() + ": re-test it when it has ended");
            }
            List<LeaderboardRow> best = List.of(Json.view(
                            api.get(search.path() + "/leaderboard?limit=" + LeaderboardCommand.MAX_ROWS),
                            LeaderboardRow[].class))
                    .stream()
                    .filter(r -> r.baseline() == null)
                    .limit(top)
                    .toList();
            if (best.size() < 2) {
                throw new InputException("search " + view.id() + " has " + best.size()
                        + " trained evolved loss families; a re-test needs 2");
            }
            List<String> sumReduced = best.stream()
                    .filter(r -> !"mean".equals(r.reduction()))
                    .map(LeaderboardRow::expression)
                    .toList();
            if (!sumReduced.isEmpty()) {
                throw new InputException("cannot re-test losses reduced by sum yet (a seed expression is trained with"
                        + " mean): " + String.join(", ", sumReduced));
            }
            long firstSeed = view.task().seed() == null ? 0 : view.task().seed();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                JsonNode created = api.post("/api/v1/searches", request(view, best, firstSeed + i));
                ids.add(created.path("id").asString());
                out.println("seed " + (firstSeed + i) + ": search " + ids.getLast());
                out.flush();
            }
            Map<String, List<Double>> accuracies = new LinkedHashMap<>();
            best.forEach(r -> accuracies.put(r.hash(), new ArrayList<>()));
            List<Double> ce = new ArrayList<>();
            for (String id : ids) {
                awaitEnd(api, id);
                Map<String, LeaderboardRow> rows = List.of(Json.view(
                                api.get("/api/v1/searches/" + ApiClient.segment(id) + "/leaderboard?group=none&limit="
                                        + LeaderboardCommand.MAX_ROWS),
                                LeaderboardRow[].class))
                        .stream()
                        .collect(Collectors.toMap(
                                r -> r.baseline() != null ? "[" + r.baseline() + "]" : r.hash(), r -> r, (a, b) -> a));
                accuracies.forEach((hash, list) ->
                        list.add(rows.containsKey(hash) ? rows.get(hash).testAccuracy() : null));
                ce.add(rows.containsKey("[ce]") ? rows.get("[ce]").testAccuracy() : null);
            }
            Map<String, List<Double>> byExpression = new LinkedHashMap<>();
            best.forEach(r -> byExpression.put(r.expression(), accuracies.get(r.hash())));
            print(out, Retest.of(byExpression, ce), seeds);
        }
        out.flush();
        return 0;
    }

    private static ObjectNode request(SearchView view, List<LeaderboardRow> best, long seed) {
        TaskSpec t = view.task();
        TaskSpec task = new TaskSpec(
                t.dataset(),
                t.model(),
                t.trainSamples(),
                t.validationSamples(),
                t.epochs(),
                t.steps(),
                t.batchSize(),
                t.optimizer(),
                t.learningRate(),
                t.momentum(),
                t.weightDecay(),
                seed,
                true,
                t.classGroups(),
                t.samplesPerClass(),
                t.fitnessTasks());
        ObjectNode request = Json.object();
        request.put("name", "retest of " + view.id() + ", seed " + seed);
        request.set("task", SearchStartCommand.withoutNulls(Json.MAPPER.valueToTree(task)));
        // Built from the wire record, like search start, so no field name is spelled here.
        SearchSpec retest = new SearchSpec(
                best.size(),
                1,
                null,
                null,
                null,
                null,
                null,
                null,
                // As expressions: the orchestrator takes catalog names or expressions as seeds (a seeded
                // expression is mean-reduced, checked in call()), and the same expression and reduction hash
                // alike.
                best.stream().map(LeaderboardRow::expression).toList(),
                List.of("ce"),
                seed,
                SearchSpec.Stages.ALL_OFF);
        request.set("search", SearchStartCommand.withoutNulls(Json.MAPPER.valueToTree(retest)));
        return request;
    }

    private void awaitEnd(ApiClient api, String id) throws InterruptedException {
        while (true) {
            SearchView view = Json.view(api.get("/api/v1/searches/" + ApiClient.segment(id)), SearchView.class);
            if (view.state().isFinal()) {
                return;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private static void print(PrintWriter out, Retest.Result result, int seeds) {
        out.println();
        Table table = new Table("LOSS", "MEAN TEST", "SD", "Δ CE", "P (PAIRED T)", "HOLM", "PER SEED")
                .alignRight(1, 2, 3, 4, 5);
        for (Retest.Row row : result.rows()) {
            table.add(
                    row.expression(),
                    number(row.mean()),
                    number(row.sd()),
                    signed(row.deltaVsCe()),
                    p(row.p()),
                    p(row.holm()),
                    perSeed(row));
        }
        Retest.Row ce = result.ce();
        table.add("[ce]", number(ce.mean()), number(ce.sd()), "-", "-", "-", perSeed(ce));
        table.print(out);
        out.println();
        out.println(sentence(result, seeds));
    }

    static String sentence(Retest.Result result, int seeds) {
        Retest.Row ce = result.ce();
        return result.winner()
                .map(
                        w -> "Winner: " + w.expression() + ", test accuracy " + number(w.mean()) + " ± "
                                + number(w.sd())
                                + " over " + seeds + " seeds (ce " + number(ce.mean()) + " ± " + number(ce.sd()) + "); "
                                + (w.beatsCe()
                                        ? "it beats ce significantly (paired t-test, Holm over "
                                                + result.rows().size() + ": p = " + p(w.holm()) + ")."
                                        : "it does not beat ce significantly ("
                                                + (Double.isNaN(w.holm())
                                                        ? "no paired test: fewer than two pairs, or differences that"
                                                                + " do not vary"
                                                        : "Holm-adjusted p = " + p(w.holm()))
                                                + "): no evidence at this budget that an evolved loss is better than cross-entropy."))
                .orElse("No re-tested loss finished a trial: nothing to weigh.");
    }

    private static String perSeed(Retest.Row row) {
        return row.accuracy().stream().map(a -> a == null ? "-" : number(a)).collect(Collectors.joining(" "));
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String signed(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%+.4f", value);
    }

    private static String p(double value) {
        return Double.isNaN(value) ? "-" : CeVerdict.p(value);
    }
}
