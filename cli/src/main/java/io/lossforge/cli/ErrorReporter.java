package io.lossforge.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into exactly one line on stderr, {@code lossforge: <what went wrong>}, and an exit
 * code: 2 for usage and input errors (including requests the orchestrator refused), 5 when the
 * orchestrator is unreachable or fails, 1 for anything unexpected. No stack traces: the CLI is used from
 * scripts, where a trace buries the one line that matters.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** Usage errors detected by picocli: unknown options, missing arguments, bad option values. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        // picocli prints suggestions for a mistyped subcommand or option on extra lines; keep them on this one.
        String suggestion = ex instanceof UnmatchedArgumentException unmatched
                        && !unmatched.getSuggestions().isEmpty()
                ? "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?"
                : "";
        // The hint names the command that failed to parse, so "see ... --help" shows the relevant options.
        report(
                command.getErr(),
                ex.getMessage() + suggestion + " (see '"
                        + command.getCommandSpec().qualifiedName() + " --help')");
        return ExitCode.USAGE;
    }

    /** Failures while a command runs: bad input found by the command itself, or a bug. */
    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        if (ex instanceof InputException) {
            report(command.getErr(), ex.getMessage());
            return ExitCode.USAGE;
        }
        // The orchestrator refused the request (2) or could not serve it (5); the message says which.
        if (ex instanceof ApiException api) {
            report(command.getErr(), api.getMessage());
            return api.exitCode();
        }
        // Anything else is not the user's fault; say so instead of blaming the input.
        String message = ex.getMessage() == null ? "" : ": " + ex.getMessage();
        report(command.getErr(), "internal error: " + ex.getClass().getName() + message);
        return ExitCode.SOFTWARE;
    }

    private static void report(PrintWriter err, String message) {
        // Library and parser messages occasionally span lines; the one-line contract is kept here.
        err.println("lossforge: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        err.flush();
    }
}
