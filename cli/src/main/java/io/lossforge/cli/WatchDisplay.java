package io.lossforge.cli;

import io.lossforge.api.search.GenerationView;
import io.lossforge.api.search.SearchState;
import io.lossforge.api.search.SearchView;
import io.lossforge.api.trainer.TrainerView;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The progress display of {@code search watch}: a header, one line per finished generation and a progress
 * line for the generation being evaluated. On a terminal the progress line is redrawn in place with a
 * carriage return; otherwise (a pipe, a CI log) it is printed as a new line, and only when it changed.
 *
 * <p>The orchestrator's counts are totals of the whole search; only the number of candidates per finished
 * generation is known, so the current generation's done/total is derived: all candidates, minus those of
 * finished generations, minus the baselines once generation 0 (which waits for them) has finished.
 *
 * <p>While the search runs, the progress line also carries the time since it started, an ETA at its pace so
 * far ({@link SearchEta}) and each trainer's trials in flight, worded as the study views word them
 * ({@link ProgressText}). Off a terminal a line is printed when the progress changed, not when only the
 * clock moved: a log would otherwise get a line per poll.
 */
final class WatchDisplay {

    private static final int BAR_WIDTH = 20;
    /** The bar of a terminal too narrow for the full line: a shorter bar before cutting the counts off. */
    private static final int NARROW_BAR_WIDTH = 10;

    private final PrintWriter out;
    private final boolean terminal;
    private final int width;
    private final Clock clock;
    private boolean started;
    private int generationsShown;
    private String progress;
    /** The progress line without its times: what must change for a new line off a terminal. */
    private String printed;

    private int onScreen;

    /**
     * @param terminal redraw the progress line in place
     * @param width    the terminal's width: a redrawn line must not wrap, or the carriage return would only
     *                 go back to the start of its last part; ignored unless {@code terminal}
     */
    WatchDisplay(PrintWriter out, boolean terminal, int width, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
        this.clock = clock;
    }

    /** {@link #update(SearchView, List, List)} for the orchestrator's answers as received. */
    void update(JsonNode search, JsonNode generations, JsonNode trainers) {
        update(
                Json.view(search, SearchView.class),
                List.of(Json.view(generations, GenerationView[].class)),
                List.of(Json.view(trainers, TrainerView[].class)));
    }

    /**
     * Shows what changed since the last update: new finished generations, then the progress line.
     *
     * @param trainers {@code GET /api/v1/trainers}; only read while the search runs
     */
    void update(SearchView search, List<GenerationView> generations, List<TrainerView> trainers) {
        if (!started) {
            line(header(search));
            started = true;
        }
        List<GenerationView> finished = finished(search, generations);
        for (; generationsShown < finished.size(); generationsShown++) {
            line(generationLine(finished.get(generationsShown)));
        }
        if (!search.state().isFinal()) {
            Instant now = clock.instant();
            String current = progressLine(search, finished, trainers, BAR_WIDTH, now);
            String untimed = progressLine(search, finished, trainers, BAR_WIDTH, null);
            if (terminal ? !current.equals(progress) : !untimed.equals(printed)) {
                if (terminal) {
                    String shown = current;
                    if (width > 1 && shown.length() > width - 1) {
                        shown = progressLine(search, finished, trainers, NARROW_BAR_WIDTH, now);
                        if (shown.length() > width - 1) {
                            // Whole items only: the items are two spaces apart, so cut at such a gap.
                            int gap = shown.lastIndexOf("  ", width - 1);
                            shown = shown.substring(0, gap > 0 ? gap : width - 1);
                        }
                    }
                    // Spaces over the rest of a longer previous line; no ANSI codes needed.
                    out.print("\r" + shown + " ".repeat(Math.max(0, onScreen - shown.length())));
                    onScreen = shown.length();
                } else {
                    out.println(current);
                }
                progress = current;
                printed = untimed;
            }
        }
        out.flush();
    }

    /** The last line: how the search ended and its best loss. */
    void finish(SearchView search) {
        SearchState state = search.state();
        String message = search.message() == null ? "" : search.message().strip();
        SearchView.Best best = search.best();
        String result = best == null
                ? "no candidate was trained successfully"
                : (state == SearchState.SUCCEEDED ? "best " : "best so far ") + Views.fitness(best.fitness())
                        + " in generation " + Views.text(best.generation()) + ", hash "
                        + Views.text(best.hash()) + ": " + Views.text(best.expression());
        line("search " + state + (message.isEmpty() ? "" : " (" + message + ")") + ": " + result);
        out.flush();
    }

    /**
     * The finished generations to show. While the search runs, only those before its current generation:
     * the two requests are not atomic, and a generation that finished between them would otherwise be
     * counted twice in the derived progress.
     */
    private static List<GenerationView> finished(SearchView search, List<GenerationView> generations) {
        boolean ended = search.state().isFinal();
        int current = search.generation();
        List<GenerationView> finished = new ArrayList<>();
        for (GenerationView generation : generations) {
            if (ended || generation.generation() < current) {
                finished.add(generation);
            }
        }
        return finished;
    }

    private static String header(SearchView search) {
        TaskSpec task = search.task();
        SearchSpec spec = search.search();
        String name = search.name() == null ? "" : " (" + search.name() + ")";
        String baselines =
                baselines(spec).isEmpty() ? "no baselines" : "baselines " + String.join(", ", baselines(spec));
        return "search " + Views.text(search.id()) + name + ": " + Views.text(task.dataset()) + " / "
                + Views.text(task.model()) + ", " + Views.text(spec.generations()) + " generations of "
                + Views.text(spec.populationSize()) + " candidates, " + baselines;
    }

    private static String generationLine(GenerationView generation) {
        return "generation " + generation.generation() + ": best " + Views.fitness(generation.bestFitness())
                + "  median " + Views.fitness(generation.medianFitness())
                + "  diversity " + Views.fraction(generation.diversity()) + "  ("
                + generation.candidates() + " candidates, " + generation.evaluated()
                + " trained)";
    }

    /**
     * E.g. {@code generation 1 [####----] 5/20  elapsed 4m10s  ETA 12m30s  best 0.8125  evaluated 23  ...
     * in flight: http://t1:8081 1/1}; the times are left out when {@code now} is null.
     */
    private static String progressLine(
            SearchView search, List<GenerationView> finished, List<TrainerView> trainers, int barWidth, Instant now) {
        if (search.state() == SearchState.QUEUED) {
            return "queued: waiting for the orchestrator to start the search";
        }
        int current = search.generation();
        SearchView.Counts counts = search.counts();
        long total = counts.candidates();
        for (GenerationView generation : finished) {
            total -= generation.candidates();
        }
        if (current > 0) {
            total -= baselines(search.search()).size();
        }
        long done = Math.max(0, total - counts.pending());
        long screened = counts.screenedOut() == null
                ? 0
                : counts.screenedOut().values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
        String bar = total <= 0 ? "starting" : bar(done, total, barWidth) + " " + done + "/" + total;
        // The times come first after the bar and the trainers last: a narrow terminal cuts from the end.
        String times = now == null
                ? ""
                : "  " + times(search, finished.size() + (total <= 0 ? 0 : (double) done / total), now);
        String waiting = search.blockedReason() == null
                ? ""
                : "  waiting: " + search.blockedReason().strip();
        return "generation " + current + " " + bar + times + waiting + "  best "
                + (search.best() == null ? "-" : Views.fitness(search.best().fitness()))
                + "  evaluated " + counts.evaluated() + "  screened " + screened
                + "  cached " + counts.cacheHits() + "  diverged " + counts.diverged()
                + "  " + ProgressText.trainers(trainers);
    }

    /** {@code elapsed 4m10s  ETA 12m30s}, the elapsed time counted from the search's start. */
    private static String times(SearchView search, double generationsDone, Instant now) {
        Instant start = search.startedAt() == null ? search.createdAt() : search.startedAt();
        Duration elapsed = Duration.between(start, now);
        return ProgressText.elapsed(elapsed) + "  "
                + ProgressText.eta(SearchEta.remaining(
                        search.state(),
                        search.blockedReason() != null,
                        elapsed,
                        generationsDone,
                        search.generationLimit()));
    }

    private static String bar(long done, long total, int width) {
        int filled = (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    private static List<String> baselines(SearchSpec spec) {
        return spec.baselines() == null ? List.of() : spec.baselines();
    }

    /** A full line; on a terminal the progress line is wiped first and redrawn by the next update. */
    private void line(String text) {
        if (terminal && onScreen > 0) {
            out.print("\r" + " ".repeat(onScreen) + "\r");
            onScreen = 0;
            progress = null;
        }
        out.println(text);
    }
}
