package io.lossforge.cli;

import java.io.PrintWriter;
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
 */
final class WatchDisplay {

    private static final int BAR_WIDTH = 20;
    /** The bar of a terminal too narrow for the full line: a shorter bar before cutting the counts off. */
    private static final int NARROW_BAR_WIDTH = 10;

    private final PrintWriter out;
    private final boolean terminal;
    private final int width;
    private boolean started;
    private int generationsShown;
    private String progress;
    private int onScreen;

    /**
     * @param terminal redraw the progress line in place
     * @param width    the terminal's width: a redrawn line must not wrap, or the carriage return would only
     *                 go back to the start of its last part; ignored unless {@code terminal}
     */
    WatchDisplay(PrintWriter out, boolean terminal, int width) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
    }

    /** Shows what changed since the last update: new finished generations, then the progress line. */
    void update(JsonNode search, JsonNode generations) {
        if (!started) {
            line(header(search));
            started = true;
        }
        List<JsonNode> finished = finished(search, generations);
        for (; generationsShown < finished.size(); generationsShown++) {
            line(generationLine(finished.get(generationsShown)));
        }
        if (!Views.FINAL_STATES.contains(search.path("state").asString(""))) {
            String current = progressLine(search, finished, BAR_WIDTH);
            if (!current.equals(progress)) {
                if (terminal) {
                    String shown = current;
                    if (width > 1 && shown.length() > width - 1) {
                        shown = progressLine(search, finished, NARROW_BAR_WIDTH);
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
            }
        }
        out.flush();
    }

    /** The last line: how the search ended and its best loss. */
    void finish(JsonNode search) {
        String state = search.path("state").asString("");
        String message = search.path("message").asString("").strip();
        JsonNode best = search.path("best");
        String result = Views.isAbsent(best)
                ? "no candidate was trained successfully"
                : ("SUCCEEDED".equals(state) ? "best " : "best so far ") + Views.fitness(best.get("fitness"))
                        + " in generation " + Views.text(best.get("generation")) + ", hash "
                        + Views.text(best.get("hash")) + ": " + Views.text(best.get("expression"));
        line("search " + state + (message.isEmpty() ? "" : " (" + message + ")") + ": " + result);
        out.flush();
    }

    /**
     * The finished generations to show. While the search runs, only those before its current generation:
     * the two requests are not atomic, and a generation that finished between them would otherwise be
     * counted twice in the derived progress.
     */
    private static List<JsonNode> finished(JsonNode search, JsonNode generations) {
        boolean ended = Views.FINAL_STATES.contains(search.path("state").asString(""));
        int current = search.path("generation").asInt(0);
        List<JsonNode> finished = new ArrayList<>();
        for (JsonNode generation : generations) {
            if (ended || generation.path("generation").asInt() < current) {
                finished.add(generation);
            }
        }
        return finished;
    }

    private static String header(JsonNode search) {
        JsonNode task = search.path("task");
        JsonNode spec = search.path("search");
        String name = Views.isAbsent(search.get("name")) ? "" : " (" + search.get("name").asString() + ")";
        String baselines = spec.path("baselines").isEmpty() ? "no baselines"
                : "baselines " + String.join(", ", strings(spec.path("baselines")));
        return "search " + Views.text(search.get("id")) + name + ": " + Views.text(task.get("dataset")) + " / "
                + Views.text(task.get("model")) + ", " + Views.text(spec.get("generations")) + " generations of "
                + Views.text(spec.get("populationSize")) + " candidates, " + baselines;
    }

    private static String generationLine(JsonNode generation) {
        return "generation " + Views.text(generation.get("generation")) + ": best "
                + Views.fitness(generation.get("bestFitness"))
                + "  median " + Views.fitness(generation.get("medianFitness"))
                + "  diversity " + Views.fraction(generation.get("diversity")) + "  ("
                + Views.text(generation.get("candidates")) + " candidates, " + Views.text(generation.get("evaluated"))
                + " trained)";
    }

    private static String progressLine(JsonNode search, List<JsonNode> finished, int barWidth) {
        if ("QUEUED".equals(search.path("state").asString(""))) {
            return "queued: waiting for the orchestrator to start the search";
        }
        int current = search.path("generation").asInt(0);
        JsonNode counts = search.path("counts");
        long total = counts.path("candidates").asLong();
        for (JsonNode generation : finished) {
            total -= generation.path("candidates").asLong();
        }
        if (current > 0) {
            total -= search.path("search").path("baselines").size();
        }
        long done = Math.max(0, total - counts.path("pending").asLong());
        long screened = 0;
        for (JsonNode count : counts.path("screenedOut")) {
            screened += count.asLong();
        }
        String bar = total <= 0 ? "starting" : bar(done, total, barWidth) + " " + done + "/" + total;
        return "generation " + current + " " + bar + "  best " + Views.fitness(search.path("best").get("fitness"))
                + "  evaluated " + counts.path("evaluated").asLong() + "  screened " + screened
                + "  cached " + counts.path("cacheHits").asLong() + "  diverged " + counts.path("diverged").asLong();
    }

    private static String bar(long done, long total, int width) {
        int filled = (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asString()));
        return strings;
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
