package io.lossforge.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Text views of a study: its progress line and its table of cells. */
final class StudyDisplay {

    private static final int BAR_WIDTH = 20;

    private StudyDisplay() {}

    /** {@code [####----] 12/60 trials  2 running  elapsed 4m10s  ETA 16m40s}. */
    static String progressLine(JsonNode study) {
        JsonNode p = study.path("progress");
        int trials = p.path("trials").asInt();
        int ended = p.path("finished").asInt() + p.path("unevaluated").asInt();
        int filled = trials == 0 ? BAR_WIDTH : ended * BAR_WIDTH / trials;
        Instant created = Instant.parse(study.path("createdAt").asString());
        Instant end = study.path("endedAt").isString()
                ? Instant.parse(study.path("endedAt").asString())
                : Instant.now();
        // The orchestrator estimates a study's ETA (null before the first trial ends).
        Optional<Duration> eta = p.path("etaSeconds").isNumber()
                ? Optional.of(Duration.ofSeconds(Math.round(p.path("etaSeconds").asDouble())))
                : Optional.empty();
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %d/%d trials  %d running  %d unevaluated  %s  %s",
                study.path("state").asString(),
                "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled),
                ended,
                trials,
                p.path("running").asInt(),
                p.path("unevaluated").asInt(),
                ProgressText.elapsed(Duration.between(created, end)),
                ProgressText.eta(eta));
    }

    /** One line per (loss, task, budget): accuracy, Δ with interval and both verdicts, confidence. */
    static String cells(JsonNode study) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "loss",
                "task",
                "budget",
                "runs",
                "accuracy",
                "Δ vs " + study.path("reference").asString(),
                "95 % interval",
                "paper",
                "interval",
                "confidence"));
        for (JsonNode c : study.path("cells")) {
            rows.add(List.of(
                    c.path("loss").asString(),
                    String.valueOf(c.path("task").asInt()),
                    c.path("budget").asInt() + "×",
                    c.path("runs").asInt()
                            + (c.path("failed").asInt() > 0
                                    ? " (" + c.path("failed").asInt() + " failed)"
                                    : ""),
                    c.path("meanAccuracy").isNumber()
                            ? String.format(
                                    Locale.ROOT,
                                    "%.4f ± %.4f",
                                    c.path("meanAccuracy").asDouble(),
                                    c.path("sdAccuracy").asDouble(0))
                            : "–",
                    c.path("delta").isNumber()
                            ? String.format(
                                    Locale.ROOT, "%+.4f", c.path("delta").asDouble())
                            : "",
                    c.path("deltaLow").isNumber()
                            ? String.format(
                                    Locale.ROOT,
                                    "[%+.4f, %+.4f]",
                                    c.path("deltaLow").asDouble(),
                                    c.path("deltaHigh").asDouble())
                            : "",
                    lower(c.path("paperVerdict")),
                    lower(c.path("intervalVerdict")),
                    c.path("meanConfidence").isNumber()
                            ? String.format(
                                    Locale.ROOT,
                                    "%.3f",
                                    c.path("meanConfidence").asDouble())
                            : "–"));
        }
        StringBuilder out = new StringBuilder();
        int[] widths = new int[rows.getFirst().size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(String.format("%-" + widths[i] + "s", r.get(i))).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        for (JsonNode w : study.path("warnings")) {
            out.append("warning: ").append(w.asString()).append('\n');
        }
        return out.toString();
    }

    private static String lower(JsonNode verdict) {
        return verdict.isString() ? verdict.asString().toLowerCase(Locale.ROOT) : "";
    }
}
