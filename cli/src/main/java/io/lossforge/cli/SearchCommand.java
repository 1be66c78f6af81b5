package io.lossforge.cli;

import picocli.CommandLine.Command;

/** {@code lossforge search}: the loss searches the orchestrator runs. */
@Command(
        name = "search",
        description = {
            "Start, list, inspect, follow and cancel loss searches on the orchestrator.",
            "",
            "A search evolves loss expressions by genetic programming: every candidate of a generation is screened, "
                    + "then trained on the search's task by the trainers, and its fitness is the validation accuracy "
                    + "reached; the fittest breed the next generation. Baseline losses (ce, ngl, focal by default) are "
                    + "trained alongside for comparison."
        },
        subcommands = {
            SearchStartCommand.class,
            SearchListCommand.class,
            SearchShowCommand.class,
            SearchAuditCommand.class,
            SearchRetestCommand.class,
            SearchWatchCommand.class,
            SearchCancelCommand.class,
            SearchResumeCommand.class
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SEARCH_ENDED,
            LossForgeCli.EXIT_SERVER
        })
public final class SearchCommand {}
