package io.lossforge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code lossforge} command: the root of the command tree and the entry point of the shaded jar.
 *
 * <p>The root only groups subcommands; running it without one is a usage error. Tests drive the real
 * command tree through {@link #commandLine()} with their own out/err writers.
 */
@Command(
        name = "lossforge",
        // INHERIT gives every subcommand --help, --version and the version text without repeating them.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Genetic-programming search for classification loss functions.",
        subcommands = {
            LossCommand.class,
            DatasetsCommand.class,
            SearchCommand.class,
            StudyCommand.class,
            LeaderboardCommand.class,
            ExportCommand.class,
            StatusCommand.class,
            KeyCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            "2:invalid usage or input (bad option, expression or JSON), or a request the orchestrator refused",
            LossForgeCli.EXIT_REJECTED,
            "4:the watched search ended FAILED or CANCELLED (search watch, search start --watch)",
            LossForgeCli.EXIT_SERVER
        })
public final class LossForgeCli {

    // Exit code entries for the help texts. Each command lists its own: with INHERIT scope a command
    // without a list would show the root's, which mentions codes the command never returns.
    static final String EXIT_SUCCESS = "0:success";
    static final String EXIT_INTERNAL = "1:internal error (a bug: please report it)";
    static final String EXIT_USAGE = "2:invalid usage or input (bad option, expression or JSON)";
    static final String EXIT_REJECTED = "3:the loss was rejected (loss screen)";
    static final String EXIT_DATASET = "2:invalid usage, an unknown or damaged dataset, npm missing or a failed fetch";
    static final String EXIT_REQUEST = "2:invalid usage or input, or the orchestrator refused the request (HTTP 4xx: "
            + "an invalid field, an unknown id or hash, a missing or refused API key)";
    static final String EXIT_SEARCH_ENDED = "4:the search ended FAILED or CANCELLED";
    static final String EXIT_SERVER = "5:the orchestrator is unreachable, did not answer in time or failed (HTTP 5xx)";

    /** Exit code of search watch (and search start --watch) when the search did not succeed. */
    static final int SEARCH_ENDED = 4;
    /**
     * Exit code when the orchestrator cannot be reached or fails: distinct from 2 so that scripts can tell
     * "retry later" from "fix the request", and from 3 and 4, which are verdicts, not failures.
     */
    static final int SERVER_FAILED = 5;

    /**
     * The configured command tree. Error handling is installed here rather than in {@link #main} so that
     * tests see exactly what users see; {@code setOut}/{@code setErr} on the result redirect all output.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LossForgeCli());
        ErrorReporter reporter = new ErrorReporter();
        commandLine.setParameterExceptionHandler(reporter);
        commandLine.setExecutionExceptionHandler(reporter);
        LossArgument.allowLeadingMinus(commandLine);
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
