package io.lossforge.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code lossforge study start}: {@code POST /api/v1/studies} from options, a preset or a JSON file. */
@Command(
        name = "start",
        description = {
            "Start a study: train each --loss on each --task with --seeds seeds and compare it with cross-entropy "
                    + "(added when not listed). Prints the study's id; with --watch follows it to the end.",
            "",
            "--preset paper-cpu starts the paper's re-test sized for a 2-core CPU machine; options given beside "
                    + "it replace the preset's seeds and budgets. --file sends a StudyRequest JSON as it is."
        },
        exitCodeList = {
            "0:the study was created (with --watch: it FINISHED)",
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            "4:with --watch: the study was cancelled",
            LossForgeCli.EXIT_SERVER
        },
        footer = {
            "",
            "Examples:",
            "  lossforge study start --loss poly1 --loss 'ce+l2=ce@weightDecay=0.0005' \\",
            "      --task 'fashion-mnist/mlp:trainSamples=2000,seed=1' --seeds 3 --watch",
            "  lossforge study start --preset paper-cpu"
        })
final class StudyStartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Option(names = "--preset", paramLabel = "NAME", description = "A named study: paper-cpu.")
    String preset;

    @Option(names = "--file", paramLabel = "FILE", description = "A StudyRequest as JSON (see the API spec).")
    Path file;

    @Option(names = "--name", paramLabel = "TEXT", description = "A label for the study.")
    String name;

    @Option(
            names = "--loss",
            paramLabel = "[LABEL=]LOSS[@FIELD=VALUE,...]",
            description = "A loss to test: catalog name, expression or hash, with an optional label and recipe "
                    + "overrides (weightDecay, learningRate, optimizer, momentum). Repeatable.")
    List<String> losses;

    @Option(
            names = "--task",
            paramLabel = "DATASET/MODEL[:FIELD=VALUE,...]",
            description = "A task to train on, with TaskSpec fields, e.g. "
                    + "'cifar-10/cnn-small:trainSamples=4000,classGroups=[[0,1,8,9],[2,3,4,5,6,7]]'. Repeatable.")
    List<String> tasks;

    @Option(names = "--seeds", paramLabel = "N", description = "Runs per loss and task. Default: 5.")
    Integer seeds;

    @Option(
            names = "--budgets",
            paramLabel = "K",
            split = ",",
            description = "Budget multipliers of each task's epochs, e.g. 1,3,10 (a budget re-test). Default: 1.")
    List<Integer> budgets;

    @Option(names = "--validation", description = "Score on the validation sample instead of the test split.")
    boolean validation;

    @Option(names = "--watch", description = "Follow the study until it ends, as 'lossforge study show --watch'.")
    boolean watch;

    @Option(names = "--json", description = "Print the created study as JSON on one line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ObjectNode request = request();
        PrintWriter out = spec.commandLine().getOut();
        try (ApiClient api = orchestrator.client()) {
            JsonNode created = api.post("/api/v1/studies", request);
            if (json) {
                out.println(Json.line(created));
            } else {
                out.println("study " + Views.text(created.path("id")) + ": " + Views.text(created.path("state")) + ", "
                        + created.path("progress").path("trials").asInt() + " trials");
            }
            out.flush();
            if (!watch) {
                return 0;
            }
            return StudyWatch.run(
                    api, "/api/v1/studies/" + created.path("id").asString(), Duration.ofSeconds(2), spec.commandLine());
        }
    }

    private ObjectNode request() throws java.io.IOException {
        ObjectNode request;
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new InputException("--file " + file + " cannot be read");
            }
            JsonNode read;
            try {
                read = Json.MAPPER.readTree(Files.readString(file));
            } catch (RuntimeException e) {
                throw new InputException("--file " + file + " is not valid JSON: " + e.getMessage());
            }
            if (!(read instanceof ObjectNode object)) {
                throw new InputException("--file " + file + " must hold one JSON object (a StudyRequest)");
            }
            request = object;
        } else if (preset != null) {
            request = StudyPresets.request(preset);
        } else {
            if (losses == null || tasks == null) {
                throw new InputException("give --loss and --task (each repeatable), or --preset, or --file");
            }
            request = Json.object();
            ArrayNode l = request.putArray("losses");
            losses.forEach(text -> l.add(StudyArguments.loss(text)));
            ArrayNode t = request.putArray("tasks");
            tasks.forEach(text -> t.add(StudyArguments.task(text)));
        }
        if (name != null) {
            request.put("name", name);
        }
        if (seeds != null) {
            request.put("seeds", seeds);
        }
        if (budgets != null) {
            ArrayNode b = request.putArray("budgets");
            budgets.forEach(b::add);
        }
        if (validation) {
            request.put("evaluateTest", false);
        }
        return request;
    }
}
