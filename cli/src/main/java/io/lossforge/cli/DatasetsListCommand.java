package io.lossforge.cli;

import io.lossforge.dataset.DatasetException;
import io.lossforge.dataset.DatasetInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lossforge datasets list}: the built-in and user datasets of the data root, without loading them. */
@Command(
        name = "list",
        description = {
            "List the datasets: name, source, whether it is available locally, image shape (channels x height x "
                    + "width) and number of classes. Built-ins that are not available are fetched on first use.",
            "",
            "Directories that look like datasets but cannot be used (a bad name, a missing or damaged file) are "
                    + "reported on stderr."
        },
        exitCodeList = {LossForgeCli.EXIT_SUCCESS, LossForgeCli.EXIT_INTERNAL, LossForgeCli.EXIT_DATASET})
final class DatasetsListCommand implements Callable<Integer> {

    private static final String[] HEADER = {"NAME", "SOURCE", "AVAILABLE", "SHAPE", "CLASSES"};

    @Spec
    CommandSpec spec;

    @Mixin
    DataRootOption dataRoot;

    @Option(
            names = "--json",
            description = "Print one JSON array of objects with the fields name, source, "
                    + "available, shape ({\"channels\", \"height\", \"width\"}) and classes.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<DatasetInfo> infos;
        try {
            infos = dataRoot.repository(message -> err.println("lossforge: " + message))
                    .list();
        } catch (DatasetException e) {
            throw DataRootOption.inputError(e);
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var array = Json.array();
            for (DatasetInfo info : infos) {
                var object = array.addObject()
                        .put("name", info.name())
                        .put("source", info.source())
                        .put("available", info.available());
                object.putObject("shape")
                        .put("channels", info.shape().channels())
                        .put("height", info.shape().height())
                        .put("width", info.shape().width());
                object.put("classes", info.classes());
            }
            out.println(Json.line(array));
        } else {
            List<String[]> rows = infos.stream()
                    .map(info -> new String[] {
                        info.name(),
                        info.source(),
                        info.available() ? "yes" : "no",
                        info.shape().toString(),
                        String.valueOf(info.classes())
                    })
                    .toList();
            int[] width = new int[HEADER.length - 1];
            for (int i = 0; i < width.length; i++) {
                width[i] = HEADER[i].length();
                for (String[] row : rows) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            out.println(row(width, HEADER));
            rows.forEach(row -> out.println(row(width, row)));
        }
        out.flush();
        return 0;
    }

    /** Columns padded to {@code width}, two spaces apart; the last column is not padded. */
    private static String row(int[] width, String... cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i < width.length ? LossShowCommand.pad(cells[i], width[i] + 2) : cells[i]);
        }
        return line.toString();
    }
}
