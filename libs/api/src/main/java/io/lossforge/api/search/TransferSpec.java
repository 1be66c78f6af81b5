package io.lossforge.api.search;

import io.lossforge.task.TaskSpec;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A search's closing study: when the search SUCCEEDS, its {@code topK} best evolved losses (one per
 * gradient-equivalence family, as the leaderboard ranks them) are re-tested against {@code compareWith} on
 * {@code tasks} with {@code seeds} seeds, test split on — so that a proxy-only winner shows at once.
 *
 * @param compareWith catalog losses beside the evolved ones; default {@code [ce]} (ce is always included)
 */
public record TransferSpec(
        @Min(1) @Max(20) Integer topK,
        @NotNull @NotEmpty @Size(max = 12) List<@NotNull TaskSpec> tasks,
        @Min(1) @Max(30) Integer seeds,
        @Size(max = 8) List<@NotNull String> compareWith) {

    public static final int DEFAULT_TOP_K = 5;
}
