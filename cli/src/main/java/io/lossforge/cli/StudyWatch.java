package io.lossforge.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Follows a study until it ends, one progress line per change (elapsed, ETA, the trainers' trials in flight),
 * then its table.
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
            String line = StudyDisplay.progressLine(study)
                    + (state.equals("RUNNING") ? "  " + ProgressText.trainers(api) : "");
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
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
