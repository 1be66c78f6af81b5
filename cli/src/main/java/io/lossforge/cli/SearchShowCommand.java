package io.lossforge.cli;

import io.lossforge.api.search.RungView;
import io.lossforge.api.search.SearchView;
import io.lossforge.api.search.StageSavings;
import io.lossforge.search.Fidelity;
import io.lossforge.search.Islands;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
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
@Command(
        name = "show",
        description = {
            "Show a search: state, task, search settings, candidate counts, best loss so far and the "
                    + "orchestrator's message (why it failed or was cancelled).",
            "",
            "Counts cover the whole search, baselines included: candidates trained by a trainer (evaluated), "
                    + "rejected by screening before any training (by reason), answered from an earlier evaluation "
                    + "of the same loss and task (cache hits) or of a gradient-equivalent one (equivalent), "
                    + "rejected by the rejection protocol (not learning), whose training diverged or failed, and "
                    + "still waiting for a result (pending). Stages lists what each stage that spares training "
                    + "removed and the trainer-seconds it saved (~: estimated from the search's mean trial)."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
final class SearchShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(
            names = "--json",
            description = "Print the search as the orchestrator returns it, one JSON object on " + "one line.")
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
        SearchView search = Json.view(view, SearchView.class);
        SearchView.Counts counts = search.counts();
        SearchSpec settings = search.search();
        // Insertion order is output order: identity, then what was asked for, then what happened.
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", Views.text(search.id()));
        fields.put("name", Views.text(search.name()));
        fields.put("state", Views.text(search.state()));
        fields.put(
                "generation",
                Views.text(search.generation()) + " of " + Views.text(settings.generations()) + " (numbered from 0)");
        fields.put("task", task(search.task()));
        fields.put("search", search(settings) + "; reduction " + Views.text(search.reduction()));
        fields.put("candidates", Views.text(counts.candidates()));
        fields.put("evaluated", Views.text(counts.evaluated()));
        fields.put("screened out", screenedOut(counts.screenedOut()));
        fields.put("cache hits", Views.text(counts.cacheHits()));
        fields.put("equivalent", Views.text(counts.equivalent()));
        fields.put("not learning", Views.text(counts.doesNotLearn()));
        fields.put("diverged", Views.text(counts.diverged()));
        fields.put("failed", Views.text(counts.failed()));
        fields.put("pending", Views.text(counts.pending()));
        fields.put("stages", stages(search.stages()));
        if (search.rungs() != null && search.rungs().size() > 1) {
            fields.put("rungs", rungs(search.rungs()));
        }
        SearchView.Best best = search.best();
        fields.put(
                "best",
                best == null
                        ? "-"
                        : Views.fitness(best.fitness()) + " in generation "
                                + Views.text(best.generation()) + ", hash " + Views.text(best.hash()) + ": "
                                + Views.text(best.expression()));
        fields.put("message", Views.text(search.message()));
        fields.put("created", Views.instant(search.createdAt()));
        fields.put("started", Views.instant(search.startedAt()));
        fields.put("finished", Views.instant(search.finishedAt()));

        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        fields.forEach((label, value) -> out.println(LossShowCommand.pad(label + ":", width) + " " + value));
        out.flush();
        return 0;
    }

    /**
     * E.g. "fashion-mnist / mlp; 10000 train, 2000 validation images; 1 epoch, batch 128; adam, learning
     * rate 0.001; seed 0", with "classes [[5,7,9],[0,2,4,6]], at most 50 training images per class" after
     * the images for a derived task.
     */
    private static String task(TaskSpec task) {
        List<String> parts = new ArrayList<>();
        parts.add(Views.text(task.dataset()) + " / " + Views.text(task.model()));
        parts.add(Views.text(task.trainSamples()) + " train, " + Views.text(task.validationSamples())
                + " validation images");
        if (task.classGroups() != null || task.samplesPerClass() != null) {
            List<String> derived = new ArrayList<>();
            if (task.classGroups() != null) {
                derived.add("classes " + task.classGroups().toString().replace(" ", ""));
            }
            if (task.samplesPerClass() != null) {
                derived.add("at most " + task.samplesPerClass() + " training images per class");
            }
            parts.add(String.join(", ", derived));
        }
        String length = task.steps() == null ? plural(task.epochs(), "epoch") : plural(task.steps(), "step");
        parts.add(length + ", batch " + Views.text(task.batchSize()));
        String optimizer = Views.text(task.optimizer()) + ", learning rate " + Views.text(task.learningRate());
        if ("sgd".equals(task.optimizer())) {
            optimizer += ", momentum " + Views.text(task.momentum());
        }
        if (task.weightDecay() != null && task.weightDecay() != 0) {
            optimizer += ", weight decay " + Views.text(task.weightDecay());
        }
        parts.add(optimizer);
        parts.add("seed " + Views.text(task.seed())
                + (Boolean.TRUE.equals(task.evaluateTest()) ? ", test accuracy measured" : ""));
        return String.join("; ", parts);
    }

    /** E.g. "population 25, 10 generations, depth <= 8, nodes <= 32, ...; seed losses: none; baselines: ce, ngl". */
    private static String search(SearchSpec spec) {
        return "population " + Views.text(spec.populationSize())
                + ", " + Views.text(spec.generations()) + " generations"
                + ", depth <= " + Views.text(spec.maxDepth())
                + ", nodes <= " + Views.text(spec.maxNodes())
                + ", crossover " + Views.text(spec.crossoverRate())
                + ", mutation " + Views.text(spec.mutationRate())
                + ", tournament " + Views.text(spec.tournamentSize())
                + ", elitism " + Views.text(spec.elitism())
                + "; seed losses: " + names(spec.seedLosses())
                + "; baselines: " + names(spec.baselines())
                + "; seed " + Views.text(spec.seed())
                + breeding(spec);
    }

    /**
     * E.g. "; 3 rungs, eta 3; 4 islands, migration every 5 generations (1 each)"; empty for one rung, one
     * island and no tuning (and for an orchestrator older than them, which leaves the fields out).
     */
    private static String breeding(SearchSpec spec) {
        Fidelity fidelity =
                spec.fidelity() == null ? Fidelity.OFF : spec.fidelity().withDefaults();
        Islands islands = spec.islands() == null ? Islands.ONE : spec.islands().withDefaults();
        String out = "";
        if (fidelity.enabled()) {
            out += "; " + fidelity.rungs() + " rungs, eta " + fidelity.eta();
        }
        if (islands.count() > 1) {
            out += "; " + islands.count() + " islands, migration every " + islands.migrationInterval()
                    + " generations (" + islands.migrants() + " each)";
        }
        if (spec.constantTuning() != null && spec.constantTuning() > 0) {
            out += "; constants of the " + spec.constantTuning() + " best tuned";
        }
        return out;
    }

    /** E.g. "19 (CONSTANT_IN_P 7, NON_FINITE 12)". */
    private static String screenedOut(Map<String, Long> byReason) {
        long total = byReason.values().stream().mapToLong(Long::longValue).sum();
        List<String> reasons = new ArrayList<>();
        byReason.forEach((reason, count) -> reasons.add(reason + " " + count));
        return reasons.isEmpty() ? "0" : total + " (" + String.join(", ", reasons) + ")";
    }

    /** E.g. "screening removed 7 (~280 s saved), hash-cache removed 5 (200 s saved), rejection off". */
    private static String stages(List<StageSavings> stages) {
        if (stages == null || stages.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (StageSavings stage : stages) {
            parts.add(
                    stage.enabled()
                            ? stage.stage() + " removed " + stage.removed() + " (" + (stage.estimated() ? "~" : "")
                                    + Math.round(stage.trainerSecondsSaved()) + " s saved)"
                            : stage.stage() + " off");
        }
        return String.join(", ", parts);
    }

    /**
     * E.g. "0: 3334 samples, 40 candidates, 33 trained (165 s), 13 promoted, rank correlation with rung 1
     * 0.62 over 13; 1: 10000 samples, 13 candidates, 10 trained (400 s)".
     */
    private static String rungs(List<RungView> rungs) {
        List<String> parts = new ArrayList<>();
        for (RungView r : rungs) {
            String budget = r.steps() == null ? r.trainSamples() + " samples" : r.steps() + " steps";
            String part = r.rung() + ": " + budget + ", " + r.candidates() + " candidates, " + r.trained()
                    + " trained (" + Math.round(r.trainerSeconds()) + " s)";
            if (r.rung() < rungs.size() - 1) {
                part += ", " + r.promoted() + " promoted, rank correlation with rung " + (r.rung() + 1) + " "
                        + (r.rankCorrelation() == null
                                ? "- (" + r.correlationPairs() + " pairs)"
                                : String.format(
                                        java.util.Locale.ROOT,
                                        "%.2f over %d",
                                        r.rankCorrelation(),
                                        r.correlationPairs()));
            }
            parts.add(part);
        }
        return String.join("; ", parts);
    }

    private static String names(List<String> names) {
        return names == null || names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String plural(Integer count, String unit) {
        return Views.text(count) + " " + unit + (count != null && count == 1 ? "" : "s");
    }
}
