package io.lossforge.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lossforge search watch}: follows a search until it ends. The exit code carries the outcome so
 * that a script can start a search, wait for it and branch on success without parsing output.
 */
@Command(
        name = "watch",
        description = {
            "Follow a search until it ends, polling the orchestrator every --interval.",
            "",
            "Prints one line per finished generation (best and median fitness, diversity) and, for the generation "
                    + "being evaluated, a progress bar of its done/total candidates (generation 0 includes the "
                    + "baselines) followed by the time since the search started, an ETA at its pace so far "
                    + "('ETA unknown' until a candidate has finished, and while it waits for a trainer: then "
                    + "'waiting:' says why), the best fitness so far, the search's evaluated, screened-out, cached "
                    + "and diverged counts, and each trainer's trials in flight as busy/slots (lost trainers left "
                    + "out). On a terminal the progress line is redrawn in place (cut, from the end, to its width); "
                    + "otherwise a line is printed only when something other than the clock changed. The last "
                    + "line says how the search ended.",
            "",
            "Stopping the watch (Ctrl-C) does not stop the search; see 'lossforge search cancel'."
        },
        exitCodeList = {
            "0:the search SUCCEEDED",
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SEARCH_ENDED,
            LossForgeCli.EXIT_SERVER
        },
        footer = {"", "Example:", "  lossforge search watch 3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34 --interval 5s"})
final class SearchWatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = SearchWatch.IntervalConverter.class,
            description = "Time between polls, e.g. 500ms, 2s or 1m. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(
            names = "--json",
            description =
                    "Instead of the display, print the search as the orchestrator "
                            + "returns it (as 'lossforge search show --json' does), one JSON object per line, each time it changes.")
    boolean json;

    @Override
    public Integer call() {
        String path = search.path();
        try (ApiClient api = orchestrator.client()) {
            return SearchWatch.run(api, path, interval, json, spec.commandLine());
        }
    }
}
