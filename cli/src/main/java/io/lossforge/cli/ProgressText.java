package io.lossforge.cli;

import io.lossforge.api.trainer.TrainerState;
import io.lossforge.api.trainer.TrainerView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The wording of elapsed time, ETA and the trainers' trials in flight, one for {@code search watch} and the
 * study views alike, so that the two read the same way and a change of format happens in one place.
 */
final class ProgressText {

    private ProgressText() {}

    /** {@code 42s}, {@code 4m10s} or {@code 2h05m}: seconds stop mattering past an hour. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** {@code elapsed 4m10s}. */
    static String elapsed(Duration elapsed) {
        return "elapsed " + duration(elapsed);
    }

    /** {@code ETA 16m40s}, or {@code ETA unknown} while nothing says how fast the work goes. */
    static String eta(Optional<Duration> remaining) {
        return "ETA " + remaining.map(ProgressText::duration).orElse("unknown");
    }

    /**
     * {@code in flight: http://t1:8081 1/1, http://t2:8081 0/2}: each trainer's attempts in flight and slots
     * (study trials and search candidates alike share them); lost trainers are left out, their attempts
     * having been re-queued.
     */
    static String trainers(List<TrainerView> trainers) {
        List<String> parts = new ArrayList<>();
        for (TrainerView t : trainers) {
            if (t.state() != TrainerState.LOST) {
                parts.add(t.url() + " " + t.busy() + "/" + t.slots());
            }
        }
        return "in flight: " + (parts.isEmpty() ? "no trainer" : String.join(", ", parts));
    }

    /** {@link #trainers(List)} of the trainers as they are now. */
    static String trainers(ApiClient api) {
        return trainers(fetchTrainers(api));
    }

    /** {@code GET /api/v1/trainers}: every known trainer, with its busy slots. */
    static List<TrainerView> fetchTrainers(ApiClient api) {
        return List.of(Json.view(api.get("/api/v1/trainers"), TrainerView[].class));
    }
}
