package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyCell;
import io.lossforge.api.study.StudyReport;
import io.lossforge.api.study.StudyView;
import io.lossforge.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A study's report in the paper's shape: rows = losses, columns = tasks (× budgets), the reference (CE) as
 * absolute test accuracy, the others as Δ in accuracy points with its 95 % interval and both verdicts; then
 * the models' confidence, the rankings per budget and the warnings. Markdown, CSV (one line per cell) or JSON.
 */
final class StudyReports {

    /** What a report is made from. */
    record Input(StudyView view, StudyDefinition definition) {}

    private StudyReports() {}

    static StudyReport json(Input in, JsonMapper json) {
        StudyView v = in.view();
        List<StudyReport.Column> columns = columns(in, json);
        List<StudyReport.Row> rows = new ArrayList<>();
        List<StudyView.LossEntry> order = new ArrayList<>(v.losses());
        order.sort(java.util.Comparator.comparing(l -> !l.label().equals(v.reference()))); // reference first
        for (StudyView.LossEntry loss : order) {
            rows.add(new StudyReport.Row(
                    loss.label(),
                    columns.stream().map(c -> cell(v, loss.label(), c)).toList()));
        }
        return new StudyReport(v.id(), v.reference(), columns, rows, v.warnings());
    }

    static String markdown(Input in, JsonMapper json) {
        StudyReport r = json(in, json);
        StudyView v = in.view();
        StringBuilder out = new StringBuilder();
        out.append("# Study ")
                .append(v.name() == null ? v.id() : v.name() + " (" + v.id() + ")")
                .append("\n\n");
        out.append(String.format(
                Locale.ROOT,
                "State %s · %d of %d trials finished, %d unevaluated · %d seeds · scored on the %s split · %.0f"
                        + " trainer-seconds%s.%n%n",
                v.state(),
                v.progress().finished(),
                v.progress().trials(),
                v.progress().unevaluated(),
                v.seeds(),
                v.evaluateTest() ? "test" : "validation",
                v.progress().trainerSeconds(),
                v.endedAt() == null ? "" : String.format(Locale.ROOT, ", %.0f s wall", wallSeconds(v))));
        out.append("Rows: losses; columns: tasks. `")
                .append(r.reference())
                .append("`: mean ± sd of accuracy (%).")
                .append(" Others: Δ vs `")
                .append(r.reference())
                .append("` in points, paired over seeds, [95 % interval], then the paper's verdict on the mean")
                .append(" (±0.5 points = same) / what the interval supports.\n\n");
        table(out, r, StudyReports::mainCell);
        out.append("\nMean max-softmax confidence of each loss's models (%):\n\n");
        table(out, r, c -> c.meanConfidence() == null ? "–" : pct(c.meanConfidence()));
        if (v.budgets().size() > 1) {
            out.append("\nRanking by mean accuracy per budget (best first; ρ = Spearman vs the first budget):\n\n");
            for (var ranking : v.rankings()) {
                out.append(String.format(
                        Locale.ROOT,
                        "- task %d at %d×: %s%s%n",
                        ranking.task(),
                        ranking.budget(),
                        String.join(" > ", ranking.order()),
                        ranking.spearmanToFirstBudget() == null
                                ? ""
                                : String.format(Locale.ROOT, " (ρ = %.2f)", ranking.spearmanToFirstBudget())));
            }
        }
        out.append("\nTasks:\n\n");
        for (int t = 0; t < v.tasks().size(); t++) {
            out.append("- ")
                    .append(t)
                    .append(": `")
                    .append(v.tasks().get(t).canonicalJson())
                    .append("`\n");
        }
        if (!v.warnings().isEmpty()) {
            out.append("\nWarnings:\n\n");
            v.warnings().forEach(w -> out.append("- ").append(w).append('\n'));
        }
        return out.toString();
    }

    static String csv(Input in, JsonMapper json) {
        StudyReport r = json(in, json);
        StringBuilder out = new StringBuilder("loss,task,task_label,budget,runs,failed,mean_accuracy,sd_accuracy,"
                + "delta,delta_low,delta_high,paper_verdict,interval_verdict,mean_confidence,trainer_seconds,"
                + "same_initial_weights\n");
        for (StudyReport.Row row : r.rows()) {
            for (int i = 0; i < r.columns().size(); i++) {
                StudyCell c = row.cells().get(i);
                out.append(String.join(
                                ",",
                                quoted(row.loss()),
                                String.valueOf(c.task()),
                                quoted(r.columns().get(i).label()),
                                String.valueOf(c.budget()),
                                String.valueOf(c.runs()),
                                String.valueOf(c.failed()),
                                num(c.meanAccuracy()),
                                num(c.sdAccuracy()),
                                num(c.delta()),
                                num(c.deltaLow()),
                                num(c.deltaHigh()),
                                c.paperVerdict() == null ? "" : c.paperVerdict().name(),
                                c.intervalVerdict() == null
                                        ? ""
                                        : c.intervalVerdict().name(),
                                num(c.meanConfidence()),
                                String.format(Locale.ROOT, "%.1f", c.trainerSeconds()),
                                c.sameInitialWeights() == null
                                        ? ""
                                        : c.sameInitialWeights().toString()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static List<StudyReport.Column> columns(Input in, JsonMapper json) {
        List<StudyReport.Column> out = new ArrayList<>();
        StudyView v = in.view();
        for (int t = 0; t < v.tasks().size(); t++) {
            for (int budget : v.budgets()) {
                String label = label(v.tasks().get(t), json) + (v.budgets().size() > 1 ? " " + budget + "×" : "");
                out.add(new StudyReport.Column(t, budget, label));
            }
        }
        return out;
    }

    /** {@code dataset/model}, with a derived task's grouping or per-class cap (read from its JSON). */
    static String label(TaskSpec task, JsonMapper json) {
        JsonNode node = json.valueToTree(task);
        StringBuilder label = new StringBuilder(task.dataset() + "/" + task.model());
        if (node.path("classGroups").isArray()) {
            label.append(" ").append(node.path("classGroups").size()).append(" classes");
        }
        if (node.path("samplesPerClass").isNumber()) {
            label.append(" ").append(node.path("samplesPerClass").asInt()).append("/class");
        }
        return label.toString();
    }

    private static StudyCell cell(StudyView v, String loss, StudyReport.Column column) {
        return v.cells().stream()
                .filter(c -> c.loss().equals(loss) && c.task() == column.task() && c.budget() == column.budget())
                .findFirst()
                .orElseThrow();
    }

    private static String mainCell(StudyCell c) {
        if (c.delta() == null) {
            return c.meanAccuracy() == null
                    ? "–"
                    : pct(c.meanAccuracy()) + (c.sdAccuracy() == null ? "" : " ± " + pct(c.sdAccuracy()));
        }
        String interval = c.deltaLow() == null
                ? ""
                : String.format(Locale.ROOT, " [%+.2f, %+.2f]", 100 * c.deltaLow(), 100 * c.deltaHigh());
        return String.format(
                Locale.ROOT,
                "%+.2f%s %s / %s",
                100 * c.delta(),
                interval,
                c.paperVerdict().name().toLowerCase(Locale.ROOT),
                c.intervalVerdict().name().toLowerCase(Locale.ROOT));
    }

    private static void table(StringBuilder out, StudyReport r, java.util.function.Function<StudyCell, String> cell) {
        out.append("| loss |");
        r.columns().forEach(c -> out.append(' ').append(c.label()).append(" |"));
        out.append("\n|---|");
        r.columns().forEach(c -> out.append("---|"));
        out.append('\n');
        for (StudyReport.Row row : r.rows()) {
            out.append("| `").append(row.loss().replace("|", "\\|")).append("` |");
            row.cells().forEach(c -> out.append(' ').append(cell.apply(c)).append(" |"));
            out.append('\n');
        }
    }

    private static double wallSeconds(StudyView v) {
        return Duration.between(v.createdAt(), v.endedAt()).toMillis() / 1000.0;
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String num(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.5f", value);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
