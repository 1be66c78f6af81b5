package io.lossforge.cli;

import io.lossforge.api.trainer.TrainerView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lossforge status}: is the orchestrator up, and which trainers does it dispatch to
 * ({@code GET /actuator/health} and {@code GET /api/v1/trainers}).
 */
@Command(
        name = "status",
        description = {
            "Show the orchestrator's health and its trainers.",
            "",
            "For each trainer: URL, training slots, slots busy with a trial, how the trainer became known "
                    + "(ORIGIN), when it was last seen (UTC) and whether dispatch is backing off from it after "
                    + "failures."
        },
        exitCodeList = {
            "0:the orchestrator is UP",
            LossForgeCli.EXIT_INTERNAL,
            LossForgeCli.EXIT_REQUEST,
            "5:the orchestrator is unreachable, did not answer in time, failed (HTTP 5xx) or reports itself not UP"
        })
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOptions orchestrator;

    @Option(
            names = "--json",
            description = "Print {\"url\": ..., \"health\": <the health report>, \"trainers\": "
                    + "[<trainer>, ...]} on one line, both parts as the orchestrator returns them.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode health;
        JsonNode trainers;
        String url;
        try (ApiClient api = orchestrator.client()) {
            url = api.url();
            health = health(api);
            trainers = api.get("/api/v1/trainers");
        }
        String status = health.path("status").asString("UNKNOWN");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode object = Json.object().put("url", url);
            object.set("health", health);
            object.set("trainers", trainers);
            out.println(Json.line(object));
        } else {
            out.println("orchestrator: " + status + " (" + url + ")");
            if (trainers.isEmpty()) {
                out.println("trainers:     none; candidates wait until a trainer is registered");
            } else {
                out.println("trainers:     " + trainers.size());
                out.println();
                Table table = new Table("URL", "SLOTS", "BUSY", "ORIGIN", "STATE", "LAST SEEN", "DISPATCH", "WHY")
                        .alignRight(1, 2);
                for (TrainerView trainer : Json.view(trainers, TrainerView[].class)) {
                    String dispatch = trainer.backingOff() ? "backing off" : "ok";
                    if (trainer.failures() > 0) {
                        dispatch += " (" + trainer.failures() + " failures)";
                    }
                    table.add(
                            Views.text(trainer.url()),
                            Views.text(trainer.slots()),
                            Views.text(trainer.busy()),
                            Views.text(trainer.origin()),
                            state(trainer),
                            Views.instant(trainer.lastSeen()),
                            dispatch,
                            trainer.stateReason());
                }
                table.print(out);
            }
        }
        out.flush();
        return "UP".equals(status) ? 0 : LossForgeCli.SERVER_FAILED;
    }

    /** ACTIVE, LOST, or QUARANTINED with until when (a round-1 orchestrator sends no state: ACTIVE). */
    private static String state(TrainerView trainer) {
        if (trainer.state() == null) {
            return "ACTIVE";
        }
        return trainer.quarantinedUntil() == null
                ? trainer.state().name()
                : trainer.state().name() + " until " + Views.instant(trainer.quarantinedUntil());
    }

    /**
     * The health report. Spring answers DOWN and OUT_OF_SERVICE with HTTP 503 and the report as its body:
     * that is a status to show, not a failure of the request.
     */
    private static JsonNode health(ApiClient api) {
        try {
            return api.get("/actuator/health");
        } catch (ApiException e) {
            if (e.status() == 503 && e.body() != null && e.body().path("status").isString()) {
                return e.body();
            }
            throw e;
        }
    }
}
