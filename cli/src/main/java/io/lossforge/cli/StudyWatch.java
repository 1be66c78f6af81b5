package io.lossforge.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Follows a study until it ends, one progress line (elapsed, ETA, the trainers' trials in flight) per change
 * of its progress or of the trainers — not per poll: the elapsed time alone changes every poll, and a log
 * would get a line each time — then its table.
 */
final class StudyWatch {

    private StudyWatch() {}

    /** @return 0 when the study FINISHED, {@link LossForgeCli#SEARCH_ENDED} when it was cancelled */
    static int run(ApiClient api, String path, Duration interval, CommandLine commandLine) {
        PrintWriter out = commandLine.getOut();
        String last = null;
        while (true) {
            JsonNode study = api.get(path);
            String state = study.path("state").asString();
            String trainers = state.equals("RUNNING") ? "  " + ProgressText.trainers(api) : "";
            // What the line says apart from the clock: the state, the progress counts and the trainers.
            String change = state + study.path("progress").path("finished") + "/"
                    + study.path("progress").path("unevaluated") + "/"
                    + study.path("progress").path("running")
                    + trainers;
            if (!change.equals(last)) {
                out.println(StudyDisplay.progressLine(study) + trainers);
                out.flush();
                last = change;
            }
            if (!state.equals("RUNNING")) {
                out.print(StudyDisplay.cells(study));
                out.flush();
                return state.equals("FINISHED") ? 0 : LossForgeCli.SEARCH_ENDED;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return LossForgeCli.SEARCH_ENDED;
            }
        }
    }
}
