package io.lossforge.cli;

import io.lossforge.api.search.CandidatePage;
import io.lossforge.api.search.CandidateView;
import io.lossforge.api.search.SearchView;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.task.TaskSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lossforge search audit}: what a search spent its trainer time on, re-checked on this machine with
 * probes the orchestrator never used ({@link SearchAudit}).
 */
@Command(
        name = "audit",
        description = {
            "Re-check a search's trained losses here, independently of the stages that ran in it: how much "
                    + "trainer time went to losses gradient-equivalent to one trained before them (fingerprints "
                    + "on probe batches the orchestrator does not use), and how the losses the rejection "
                    + "protocol rejects scored when they were trained.",
            "",
            "Reads the search and its candidates (GET /api/v1/searches/{id} and .../candidates); a trained "
                    + "loss is a candidate that opened its own evaluation and has a report. Takes about 0.1 s "
                    + "per trained loss."
        },
        exitCodeList = {
            LossForgeCli.EXIT_SUCCESS,
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            LossForgeCli.EXIT_SERVER
        })
final class SearchAuditCommand implements Callable<Integer> {

    /** The candidates endpoint's largest page. */
    private static final int PAGE = 1000;

    /** How many wasted and rejected losses the human form lists. */
    private static final int LISTED = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Mixin
    SearchIdArgument search;

    @Option(names = "--json", description = "Print the audit as one JSON object on one line.")
    boolean json;

    @Override
    public Integer call() {
        SearchView view;
        List<CandidateView> candidates = new ArrayList<>();
        try (ApiClient api = orchestrator.client()) {
            view = Json.view(api.get(search.path()), SearchView.class);
            for (int page = 0; ; page++) {
                CandidatePage got = Json.view(
                        api.get(search.path() + "/candidates?size=" + PAGE + "&page=" + page), CandidatePage.class);
                candidates.addAll(got.items());
                if (got.items().isEmpty() || candidates.size() >= got.total()) {
                    break;
                }
            }
        }
        TaskSpec task = view.task();
        ScaleInvariance invariance =
                ScaleInvariance.forOptimizer(task.optimizer(), task.weightDecay() == null ? 0 : task.weightDecay());
        List<SearchAudit.Trained> trained = candidates.stream()
                .filter(c -> "NONE".equals(c.reuse()) && c.trainedSeconds() != null)
                .map(c -> new SearchAudit.Trained(
                        c.evaluationId(),
                        c.expression(),
                        c.reduction(),
                        c.trainedSeconds(),
                        c.fitness(),
                        c.rung() == null ? 0 : c.rung()))
                .toList();
        Double ce = candidates.stream()
                .filter(c -> "ce".equals(c.baseline()))
                .map(CandidateView::fitness)
                .filter(f -> f != null)
                .findFirst()
                .orElse(null);
        SearchAudit.Result audit = SearchAudit.of(trained, invariance);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(asJson(audit, invariance, ce)));
        } else {
            print(out, audit, invariance, ce);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, SearchAudit.Result audit, ScaleInvariance invariance, Double ce) {
        out.println("trained losses:     " + audit.trained().size() + " (" + seconds(audit.trainedSeconds())
                + " trainer-seconds)");
        out.println("wasted:             " + audit.wasted().size() + " gradient-equivalent to a loss trained "
                + "before them, " + seconds(audit.wastedSeconds()) + " s = "
                + percent(audit.wastedShare()) + " of trainer time (" + invariance + ", probes "
                + SearchAudit.PROBES.id() + "; " + audit.undefined() + " without a defined fingerprint)");
        out.println("rejection protocol: would reject " + audit.rejected().size() + " of the trained losses; best "
                + "fitness among them "
                + Views.fitness(audit.bestRejectedFitness().orElse(null)) + " (ce "
                + Views.fitness(ce) + ")");
        if (!audit.wasted().isEmpty()) {
            out.println();
            Table table = new Table("EVAL", "SECONDS", "FITNESS", "LOSS", "EQUIVALENT TO").alignRight(0, 1, 2);
            audit.wasted().stream()
                    .limit(LISTED)
                    .forEach(w -> table.add(
                            Long.toString(w.loss().evaluationId()),
                            seconds(w.loss().seconds()),
                            Views.fitness(w.loss().fitness()),
                            w.loss().expression(),
                            w.earlier().expression()));
            table.print(out);
        }
        if (!audit.rejected().isEmpty()) {
            out.println();
            Table table = new Table("EVAL", "FITNESS", "VERDICT", "LOSS").alignRight(0, 1);
            audit.rejected().stream()
                    .sorted(Comparator.comparing(
                                    (SearchAudit.Rejected r) -> r.loss().fitness(),
                                    Comparator.nullsFirst(Comparator.<Double>naturalOrder()))
                            .reversed())
                    .limit(LISTED)
                    .forEach(r -> table.add(
                            Long.toString(r.loss().evaluationId()),
                            Views.fitness(r.loss().fitness()),
                            r.verdict().outcome().name(),
                            r.loss().expression()));
            table.print(out);
        }
    }

    private static ObjectNode asJson(SearchAudit.Result audit, ScaleInvariance invariance, Double ce) {
        ObjectNode root = Json.object();
        root.put("invariance", invariance.name());
        root.put("probes", SearchAudit.PROBES.id());
        root.put("trained", audit.trained().size());
        root.put("trainedSeconds", audit.trainedSeconds());
        root.put("wasted", audit.wasted().size());
        root.put("wastedSeconds", audit.wastedSeconds());
        root.put("wastedShare", audit.wastedShare());
        root.put("undefined", audit.undefined());
        root.put("ceFitness", ce);
        ArrayNode wasted = root.putArray("wastedLosses");
        audit.wasted()
                .forEach(w -> wasted.addObject()
                        .put("evaluationId", w.loss().evaluationId())
                        .put("expression", w.loss().expression())
                        .put("seconds", w.loss().seconds())
                        .put("equivalentTo", w.earlier().expression()));
        ArrayNode rejected = root.putArray("rejected");
        audit.rejected()
                .forEach(r -> rejected.addObject()
                        .put("evaluationId", r.loss().evaluationId())
                        .put("expression", r.loss().expression())
                        .put("fitness", r.loss().fitness())
                        .put("verdict", r.verdict().outcome().name()));
        return root;
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }
}
