package io.lossforge.orchestrator.leaderboard;

import io.lossforge.api.search.LeaderboardRow;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ranked losses: of one search (with its baselines as labelled rows), or the best across searches. */
@RestController
class LeaderboardController {

    private final Leaderboards leaderboards;

    LeaderboardController(Leaderboards leaderboards) {
        this.leaderboards = leaderboards;
    }

    @GetMapping("/api/v1/searches/{id}/leaderboard")
    List<LeaderboardRow> search(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "20") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "family") @Pattern(regexp = "family|none") String group) {
        return leaderboards.ofSearch(
                id, limit, "none".equals(group) ? Leaderboards.Grouping.NONE : Leaderboards.Grouping.FAMILY);
    }

    /** The Pareto front of fitness against nodes over every family of the search ({@link HallOfFame}). */
    @GetMapping("/api/v1/searches/{id}/hall-of-fame")
    List<LeaderboardRow> hallOfFame(@PathVariable UUID id) {
        return HallOfFame.of(leaderboards.ofSearch(id, Integer.MAX_VALUE, Leaderboards.Grouping.FAMILY));
    }

    @GetMapping("/api/v1/leaderboard")
    List<LeaderboardRow> global(
            @RequestParam @NotBlank String dataset,
            @RequestParam @NotBlank String model,
            @RequestParam(defaultValue = "20") @Min(1) @Max(1000) int limit) {
        return leaderboards.best(dataset, model, limit);
    }
}
