package io.lossforge.api.study;

import io.lossforge.task.TaskSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v1/studies}: train every loss on every task with {@code seeds} seeds (seed {@code s} of a
 * task is its own {@code seed + s}: the same initial weights and data order for every loss), at every budget
 * multiplier. Cross-entropy ({@code ce}, no overrides) is the reference of every Δ; it is added when no entry
 * is plain {@code ce}.
 *
 * @param seeds        runs per (loss, task, budget); default {@value #DEFAULT_SEEDS}
 * @param evaluateTest score on the test split (default true); false scores on the validation sample
 * @param budgets      multipliers of each task's epochs (or steps), e.g. {@code [1, 3, 10]}; default {@code [1]}
 */
public record StudyRequest(
        @Size(max = 200) String name,
        @NotNull @NotEmpty @Size(max = MAX_LOSSES) List<@Valid @NotNull StudyLoss> losses,
        @NotNull @NotEmpty @Size(max = MAX_TASKS) List<@NotNull TaskSpec> tasks,
        @Min(1) @Max(MAX_SEEDS) Integer seeds,
        Boolean evaluateTest,
        @Size(min = 1, max = 4) List<@NotNull @Min(1) @Max(100) Integer> budgets) {

    public static final int DEFAULT_SEEDS = 5;
    public static final int MAX_LOSSES = 24;
    public static final int MAX_TASKS = 12;
    public static final int MAX_SEEDS = 30;
}
