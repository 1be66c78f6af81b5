package io.lossforge.cli;

import io.lossforge.api.search.SearchView;
import io.lossforge.loss.Reduction;
import io.lossforge.search.Fidelity;
import io.lossforge.search.Islands;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lossforge search start}: {@code POST /api/v1/searches}. The request is built from the shared
 * {@link TaskSpec} and {@link SearchSpec} records, so its field names are the server's, and only the
 * options given are sent: every default stays the orchestrator's decision.
 */
@Command(
        name = "start",
        description = {
            "Start a search: evolve losses for a task (dataset, model and training settings) on the orchestrator. "
                    + "Prints the new search's id and state; the search runs on the server, so this command "
                    + "returns at once unless --watch is given.",
            "",
            "The request is checked against the limits of task and search before it is sent. Options left out "
                    + "are not sent and take the orchestrator's defaults, shown here as of this version."
        },
        exitCodeList = {
            "0:the search was created (with --watch: the search SUCCEEDED)",
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            "4:with --watch: the search ended FAILED or CANCELLED",
            LossForgeCli.EXIT_SERVER
        },
        footer = {
            "",
            "Example:",
            "  lossforge search start --name fm-quick --dataset fashion-mnist --model mlp \\",
            "      --population 20 --generations 5 --seed-losses ce,ngl --watch"
        })
final class SearchStartCommand implements Callable<Integer> {

    /** The CLI option of each request field, so that a local check names what the user typed. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("task.dataset", "--dataset"),
            Map.entry("task.model", "--model"),
            Map.entry("task.trainSamples", "--train-samples"),
            Map.entry("task.validationSamples", "--validation-samples"),
            Map.entry("task.epochs", "--epochs"),
            Map.entry("task.batchSize", "--batch-size"),
            Map.entry("task.optimizer", "--optimizer"),
            Map.entry("task.learningRate", "--learning-rate"),
            Map.entry("task.fitnessTasks", "--fitness-task"),
            Map.entry("search.populationSize", "--population"),
            Map.entry("search.generations", "--generations"),
            Map.entry("search.maxDepth", "--max-depth"),
            Map.entry("search.maxNodes", "--max-nodes"),
            Map.entry("search.tournamentSize", "--tournament-size"),
            Map.entry("search.elitism", "--elitism"),
            Map.entry("search.seedLosses", "--seed-losses"),
            Map.entry("search.baselines", "--baselines"),
            Map.entry("search.fidelity.rungs", "--rungs"),
            Map.entry("search.fidelity.eta", "--eta"),
            Map.entry("search.islands.count", "--islands"),
            Map.entry("search.islands.migrationInterval", "--migration-interval"),
            Map.entry("search.islands.migrants", "--migrants"),
            Map.entry("search.constantTuning", "--tune-constants"));

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Option(names = "--name", paramLabel = "TEXT", description = "A label for the search (up to 200 characters).")
    String name;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "NAME",
            description = "The dataset candidates are trained on, e.g. fashion-mnist or cifar-10 "
                    + "(see 'lossforge datasets list').")
    String dataset;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "NAME",
            description = "The model trained with each candidate loss: mlp, cnn-small, cnn-medium, "
                    + "resnet-mini or inception-mini (the trainers decide which they support).")
    String model;

    @Option(
            names = "--train-samples",
            paramLabel = "N",
            description = "Training images per candidate. Default: " + TaskSpec.DEFAULT_TRAIN_SAMPLES + ".")
    Integer trainSamples;

    @Option(
            names = "--validation-samples",
            paramLabel = "N",
            description = "Validation images; a candidate's fitness is its accuracy on them. Default: "
                    + TaskSpec.DEFAULT_VALIDATION_SAMPLES + ".")
    Integer validationSamples;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Training epochs per candidate. Default: " + TaskSpec.DEFAULT_EPOCHS + ".")
    Integer epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Mini-batch size. Default: " + TaskSpec.DEFAULT_BATCH_SIZE + ".")
    Integer batchSize;

    @Option(
            names = "--optimizer",
            paramLabel = "adam|sgd",
            description = "The optimizer: adam, or sgd with momentum " + TaskSpec.DEFAULT_MOMENTUM + ". Default: "
                    + TaskSpec.DEFAULT_OPTIMIZER + ".")
    String optimizer;

    @Option(
            names = "--learning-rate",
            paramLabel = "X",
            description = "The optimizer's learning rate. Default: " + TaskSpec.DEFAULT_LEARNING_RATE + ".")
    Double learningRate;

    // One seed for both: a user who fixes "the seed" wants the whole search repeatable, and with the
    // breeding seed left at its default every search of the same spec would breed the same candidates.
    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Random seed of both the breeding and the training (weight initialisation, batch "
                    + "order). Default: 0, so that a search without --seed repeats an earlier one with the same "
                    + "options (and hits its cached evaluations).")
    Long seed;

    @Option(
            names = "--population",
            paramLabel = "N",
            description = "Candidates per generation. Default: " + SearchSpec.DEFAULT_POPULATION_SIZE + ".")
    Integer population;

    @Option(
            names = "--generations",
            paramLabel = "N",
            description = "Number of generations, the initial one included; they are numbered from 0. Default: "
                    + SearchSpec.DEFAULT_GENERATIONS + ".")
    Integer generations;

    @Option(
            names = "--max-depth",
            paramLabel = "N",
            description = "Deepest expression tree bred. Default: " + SearchSpec.DEFAULT_MAX_DEPTH + ".")
    Integer maxDepth;

    @Option(
            names = "--max-nodes",
            paramLabel = "N",
            description = "Largest expression tree bred, in nodes. Default: " + SearchSpec.DEFAULT_MAX_NODES + ".")
    Integer maxNodes;

    // Not in the everyday set, but needed for small populations: both defaults must stay below the population.
    @Option(
            names = "--tournament-size",
            paramLabel = "N",
            description = "Candidates compared per parent selection, at most the population. Default: "
                    + SearchSpec.DEFAULT_TOURNAMENT_SIZE + ".")
    Integer tournamentSize;

    @Option(
            names = "--elitism",
            paramLabel = "N",
            description = "Best candidates copied unchanged into the next generation, less than the population. "
                    + "Default: " + SearchSpec.DEFAULT_ELITISM + ".")
    Integer elitism;

    @Option(
            names = "--seed-losses",
            paramLabel = "NAME",
            split = ",",
            description = "Catalog losses (see 'lossforge loss list') put unchanged into generation 0, "
                    + "comma-separated, such as ce,ngl (or their hashes or expressions as 'lossforge loss show' "
                    + "prints them). Default: none.")
    List<String> seedLosses;

    @Option(
            names = "--fitness-task",
            paramLabel = "DATASET/MODEL[:FIELD=VALUE,...]",
            description = "Multi-task fitness: also train every candidate on this task (repeatable, up to "
                    + TaskSpec.MAX_FITNESS_TASKS + "); its fitness is the mean validation accuracy over all tasks, "
                    + "so its Δ vs ce is the mean Δ. Fields as in 'lossforge study start --task'.")
    List<String> fitnessTasks;

    @Option(
            names = "--baselines",
            paramLabel = "NAME",
            split = ",",
            description = "Catalog losses trained for comparison but not bred, comma-separated; the leaderboard's "
                    + "delta is relative to ce. Default: ce,ngl,focal; --baselines= for none.")
    List<String> baselines;

    @Option(
            names = "--gradient-equivalence",
            negatable = true,
            description = "Candidates whose logit gradients match an evaluated loss's share its evaluation "
                    + "(across searches with the same task); --no-gradient-equivalence trains each separately. "
                    + "Default: on.")
    Boolean gradientEquivalence;

    @Option(
            names = "--rejection",
            negatable = true,
            description = "Losses that cannot fit probe logits in a few hundred optimizer steps are rejected "
                    + "before training (DOES_NOT_LEARN); --no-rejection trains them. Default: on.")
    Boolean rejection;

    @Option(
            names = "--rungs",
            paramLabel = "N",
            description = "Multi-fidelity: train every candidate first on 1/eta^(N-1) of the training samples and "
                    + "promote the best 1/eta of each rung to the next, up to the full task. Default: 1 (off).")
    Integer rungs;

    @Option(
            names = "--eta",
            paramLabel = "N",
            description = "With --rungs: the reduction factor between rungs. Default: 3.")
    Integer eta;

    @Option(
            names = "--islands",
            paramLabel = "N",
            description = "Split the population into N islands that breed apart (elitism is per island) and "
                    + "pass their best around a ring every --migration-interval generations. Default: 1.")
    Integer islands;

    @Option(
            names = "--migration-interval",
            paramLabel = "G",
            description = "With --islands: generations between migrations. Default: 5.")
    Integer migrationInterval;

    @Option(
            names = "--migrants",
            paramLabel = "N",
            description = "With --islands: how many of an island's best migrate each time. Default: 1.")
    Integer migrants;

    @Option(
            names = "--tune-constants",
            paramLabel = "K",
            description = "Each generation, also try each island's K best losses with their constants moved "
                    + "(elitism keeps the better). Default: 0 (off).")
    Integer tuneConstants;

    @Option(
            names = "--reduction",
            paramLabel = "mean|sum",
            converter = LossArgument.ReductionConverter.class,
            description = "Reduction of bred candidates (seed losses and baselines keep their catalog's). "
                    + "Default: mean.")
    Reduction reduction;

    @Option(
            names = "--watch",
            description = "Then follow the search like 'lossforge search watch', with its " + "output and exit codes.")
    boolean watch;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = SearchWatch.IntervalConverter.class,
            description = "With --watch: time between polls, e.g. 500ms, 2s or 1m. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(
            names = "--json",
            description = "Print the created search as the orchestrator returns it, one JSON "
                    + "object on one line; with --watch followed by the lines of 'lossforge search watch --json'.")
    boolean json;

    @Override
    public Integer call() {
        TaskSpec task = new TaskSpec(
                dataset,
                model,
                trainSamples,
                validationSamples,
                epochs,
                null,
                batchSize,
                optimizer,
                learningRate,
                null,
                null,
                seed,
                null,
                null,
                null,
                fitnessTasks == null
                        ? null
                        : fitnessTasks.stream()
                                .map(text -> Json.MAPPER.treeToValue(StudyArguments.task(text), TaskSpec.class))
                                .toList());
        SearchSpec search = new SearchSpec(
                population,
                generations,
                maxDepth,
                maxNodes,
                null,
                null,
                tournamentSize,
                elitism,
                names(seedLosses),
                names(baselines),
                seed,
                gradientEquivalence == null && rejection == null
                        ? null
                        : new SearchSpec.Stages(gradientEquivalence, rejection),
                rungs == null && eta == null ? null : new Fidelity(rungs, eta),
                islands == null && migrationInterval == null && migrants == null
                        ? null
                        : new Islands(islands, migrationInterval, migrants),
                tuneConstants);
        check(task, search);

        ObjectNode request = Json.object();
        if (name != null) {
            request.put("name", name);
        }
        request.set("task", withoutNulls(Json.MAPPER.valueToTree(task)));
        ObjectNode searchFields = withoutNulls(Json.MAPPER.valueToTree(search));
        if (!searchFields.isEmpty()) {
            request.set("search", searchFields);
        }
        if (reduction != null) {
            request.put("reduction", reduction.id());
        }

        PrintWriter out = spec.commandLine().getOut();
        try (ApiClient api = orchestrator.client()) {
            JsonNode created = api.post("/api/v1/searches", request);
            if (json) {
                out.println(Json.line(created));
            } else {
                SearchView view = Json.view(created, SearchView.class);
                out.println("id:    " + Views.text(view.id()));
                out.println("state: " + Views.text(view.state()));
            }
            out.flush();
            if (!watch) {
                return 0;
            }
            String id = created.path("id").asString("");
            if (id.isEmpty()) {
                throw new ApiException(
                        LossForgeCli.SERVER_FAILED,
                        0,
                        created,
                        "the orchestrator created a search but sent no id to watch it by");
            }
            return SearchWatch.run(
                    api, "/api/v1/searches/" + ApiClient.segment(id), interval, json, spec.commandLine());
        }
    }

    /**
     * The task's and search's own limits, checked before anything is sent: the same code the orchestrator
     * runs, so a request that passes here is refused there only by a newer server.
     */
    private static void check(TaskSpec task, SearchSpec search) {
        List<String> problems = new ArrayList<>();
        task.violations().forEach(v -> problems.add(option("task." + v.field()) + " " + v.message()));
        search.violations().forEach(v -> problems.add(option("search." + v.field()) + " " + v.message()));
        if (problems.isEmpty()) {
            search.withDefaults()
                    .fidelity()
                    .violations(task)
                    .forEach(v -> problems.add(option("search." + v.field()) + " " + v.message()));
        }
        if (!problems.isEmpty()) {
            throw new InputException("invalid search: " + String.join("; ", problems));
        }
    }

    private static String option(String field) {
        return OPTIONS.getOrDefault(field, field);
    }

    /**
     * Null stays null ("the default"); an empty value, as in --baselines=, means "none". A catalog loss's
     * hash or expression (as 'loss show' prints them) becomes its name.
     */
    private static List<String> names(List<String> values) {
        return values == null
                ? null
                : values.stream()
                        .map(CatalogLosses::name)
                        .filter(value -> !value.isEmpty())
                        .toList();
    }

    /** Unset record components serialize as null; leaving them out lets the server apply its defaults. */
    static ObjectNode withoutNulls(JsonNode node) {
        ObjectNode object = (ObjectNode) node;
        List<String> nulls = object.properties().stream()
                .filter(p -> p.getValue().isNull())
                .map(Map.Entry::getKey)
                .toList();
        object.remove(nulls);
        // Nested objects (the search's stages, a task's further tasks) send only the parts given, too.
        for (Map.Entry<String, JsonNode> p : object.properties()) {
            if (p.getValue().isObject()) {
                withoutNulls(p.getValue());
            } else if (p.getValue().isArray()) {
                p.getValue().valueStream().filter(JsonNode::isObject).forEach(SearchStartCommand::withoutNulls);
            }
        }
        return object;
    }
}
