package io.lossforge.cli;

import io.lossforge.api.search.GenerationView;
import io.lossforge.api.search.SearchState;
import io.lossforge.api.search.SearchView;
import io.lossforge.api.trainer.TrainerView;
import java.io.Console;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.JsonNode;

/**
 * Follows a search until it ends: polls {@code GET /api/v1/searches/{id}}, its {@code /generations} and,
 * while it runs, {@code GET /api/v1/trainers}, and hands them to a {@link WatchDisplay}. Shared by
 * {@code search watch} and {@code search start --watch}.
 */
final class SearchWatch {

    private SearchWatch() {}

    /**
     * Polls until the search's state is final.
     *
     * @param path the search's resource path, {@code /api/v1/searches/{id}}
     * @param json print the search's JSON, one line each time it changes, instead of the display
     * @return 0 when the search SUCCEEDED, {@link LossForgeCli#SEARCH_ENDED} when it FAILED or was CANCELLED
     */
    static int run(ApiClient api, String path, Duration interval, boolean json, CommandLine commandLine) {
        PrintWriter out = commandLine.getOut();
        boolean terminal = isTerminal();
        // The width only matters for redrawing in place; asking picocli detects it (stty) only then.
        WatchDisplay display =
                new WatchDisplay(out, terminal, terminal ? commandLine.getUsageHelpWidth() : 0, Clock.systemUTC());
        String last = null;
        while (true) {
            JsonNode search = api.get(path);
            SearchView view = Json.view(search, SearchView.class);
            if (json) {
                String line = Json.line(search);
                if (!line.equals(last)) {
                    out.println(line);
                    out.flush();
                    last = line;
                }
            } else {
                List<GenerationView> generations =
                        List.of(Json.view(api.get(path + "/generations"), GenerationView[].class));
                // Only a running search has trials in flight to show; a queued or ended one spares the call.
                List<TrainerView> trainers =
                        view.state() == SearchState.RUNNING ? ProgressText.fetchTrainers(api) : List.of();
                display.update(view, generations, trainers);
            }
            if (view.state().isFinal()) {
                if (!json) {
                    display.finish(view);
                }
                return view.state() == SearchState.SUCCEEDED ? 0 : LossForgeCli.SEARCH_ENDED;
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while watching the search", e);
            }
        }
    }

    /**
     * Whether stdout is an interactive terminal, where the progress line may be redrawn with carriage
     * returns; in a pipe or a log file those would leave one garbled line.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // JDK 22 to 24 return a Console even when output is redirected; their Console.isTerminal() tells.
        // Called reflectively because the CLI is compiled for Java 21, which lacks it.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** A positive duration: 500ms, 1s, 1.5s, 2m, a plain number of seconds, or ISO-8601 such as PT1S. */
    static final class IntervalConverter implements ITypeConverter<Duration> {

        private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            Matcher simple = SIMPLE.matcher(text);
            Duration duration;
            if (simple.matches()) {
                long factor = switch (simple.group(2) == null ? "s" : simple.group(2)) {
                    case "ms" -> 1;
                    case "m" -> 60_000;
                    default -> 1_000;
                };
                try {
                    duration = Duration.ofMillis(new BigDecimal(simple.group(1))
                            .multiply(BigDecimal.valueOf(factor))
                            .setScale(0, RoundingMode.HALF_UP)
                            .longValueExact());
                } catch (ArithmeticException e) {
                    throw new TypeConversionException("'" + value + "' is longer than any useful interval");
                }
            } else {
                try {
                    duration = Duration.parse(value.strip());
                } catch (DateTimeParseException e) {
                    throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 2s or 1m");
                }
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration such as 500ms, 2s or 1m");
            }
            return duration;
        }
    }
}
