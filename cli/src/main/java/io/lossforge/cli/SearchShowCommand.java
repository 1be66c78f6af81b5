package io.lossforge.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code lossforge search show}: {@code GET /api/v1/searches/{id}}, one search in full. */
@Command(name = "show",
        description = {
            "Show a search: state, task, search settings, candidate counts, best loss so far and the "
                    + "orchestrator's message (why it failed or was cancelled).",
            "",
            "Counts cover the whole search, baselines included: candidates trained by a trainer (evaluated), "
                    + "rejected by screening before any training (by reason), answered from an earlier evaluation "
                    + "of the same loss and task (cache hits), whose training diverged or failed, and still "
                    + "waiting for a result (pending)."},
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER})
final class SearchShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(names = "--json", description = "Print the search as the orchestrator returns it, one JSON object on "
            + "one line.")
    boolean json;

    @Override
    public Integer call() {
        String path = search.path();
        JsonNode view;
        try (ApiClient api = orchestrator.client()) {
            view = api.get(path);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(view));
            out.flush();
            return 0;
        }
        JsonNode counts = view.path("counts");
        JsonNode settings = view.path("search");
        // Insertion order is output order: identity, then what was asked for, then what happened.
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", Views.text(view.get("id")));
        fields.put("name", Views.text(view.get("name")));
        fields.put("state", Views.text(view.get("state")));
        fields.put("generation", Views.text(view.get("generation")) + " of " + Views.text(settings.get("generations"))
                + " (numbered from 0)");
        fields.put("task", task(view.path("task")));
        fields.put("search", search(settings) + "; reduction " + Views.text(view.get("reduction")));
        fields.put("candidates", Views.text(counts.get("candidates")));
        fields.put("evaluated", Views.text(counts.get("evaluated")));
        fields.put("screened out", screenedOut(counts.path("screenedOut")));
        fields.put("cache hits", Views.text(counts.get("cacheHits")));
        fields.put("diverged", Views.text(counts.get("diverged")));
        fields.put("failed", Views.text(counts.get("failed")));
        fields.put("pending", Views.text(counts.get("pending")));
        JsonNode best = view.path("best");
        fields.put("best", Views.isAbsent(best) ? "-" : Views.fitness(best.get("fitness")) + " in generation "
                + Views.text(best.get("generation")) + ", hash " + Views.text(best.get("hash")) + ": "
                + Views.text(best.get("expression")));
        fields.put("message", Views.text(view.get("message")));
        fields.put("created", Views.instant(view.get("createdAt")));
        fields.put("started", Views.instant(view.get("startedAt")));
        fields.put("finished", Views.instant(view.get("finishedAt")));

        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        fields.forEach((label, value) -> out.println(LossShowCommand.pad(label + ":", width) + " " + value));
        out.flush();
        return 0;
    }

    /**
     * E.g. "fashion-mnist / mlp; 10000 train, 2000 validation images; 1 epoch, batch 128; adam, learning
     * rate 0.001; seed 0".
     */
    private static String task(JsonNode task) {
        List<String> parts = new ArrayList<>();
        parts.add(Views.text(task.get("dataset")) + " / " + Views.text(task.get("model")));
        parts.add(Views.text(task.get("trainSamples")) + " train, " + Views.text(task.get("validationSamples"))
                + " validation images");
        String length = Views.isAbsent(task.get("steps"))
                ? plural(task.get("epochs"), "epoch")
                : plural(task.get("steps"), "step");
        parts.add(length + ", batch " + Views.text(task.get("batchSize")));
        String optimizer = Views.text(task.get("optimizer")) + ", learning rate "
                + Views.text(task.get("learningRate"));
        if ("sgd".equals(task.path("optimizer").asString(""))) {
            optimizer += ", momentum " + Views.text(task.get("momentum"));
        }
        if (task.path("weightDecay").asDouble(0) != 0) {
            optimizer += ", weight decay " + Views.text(task.get("weightDecay"));
        }
        parts.add(optimizer);
        parts.add("seed " + Views.text(task.get("seed")) + (task.path("evaluateTest").asBoolean(false)
                ? ", test accuracy measured" : ""));
        return String.join("; ", parts);
    }

    /** E.g. "population 25, 10 generations, depth <= 8, nodes <= 32, ...; seed losses: none; baselines: ce, ngl". */
    private static String search(JsonNode spec) {
        return "population " + Views.text(spec.get("populationSize"))
                + ", " + Views.text(spec.get("generations")) + " generations"
                + ", depth <= " + Views.text(spec.get("maxDepth"))
                + ", nodes <= " + Views.text(spec.get("maxNodes"))
                + ", crossover " + Views.text(spec.get("crossoverRate"))
                + ", mutation " + Views.text(spec.get("mutationRate"))
                + ", tournament " + Views.text(spec.get("tournamentSize"))
                + ", elitism " + Views.text(spec.get("elitism"))
                + "; seed losses: " + names(spec.path("seedLosses"))
                + "; baselines: " + names(spec.path("baselines"))
                + "; seed " + Views.text(spec.get("seed"));
    }

    /** E.g. "19 (CONSTANT_IN_P 7, NON_FINITE 12)". */
    private static String screenedOut(JsonNode byReason) {
        long total = 0;
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, JsonNode> reason : byReason.properties()) {
            total += reason.getValue().asLong();
            reasons.add(reason.getKey() + " " + reason.getValue().asLong());
        }
        return reasons.isEmpty() ? "0" : total + " (" + String.join(", ", reasons) + ")";
    }

    private static String names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asString()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String plural(JsonNode count, String unit) {
        return Views.text(count) + " " + unit + (count != null && count.asLong() == 1 ? "" : "s");
    }
}
