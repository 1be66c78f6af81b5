package io.lossforge.api.study;

import io.lossforge.task.TaskSpec;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A study: what it trains, how far it is, and per (loss, task, budget) what came out. Accuracies are
 * fractions (0.8713), not points; Δ is the loss's accuracy minus cross-entropy's, paired seed by seed.
 *
 * @param reference  the label of the loss every Δ is taken against (cross-entropy)
 * @param tasks      the tasks as given, with defaults applied (budget 1, seed offset 0)
 * @param rankings   per (task, budget) the losses by mean accuracy, and how the order changes with budget
 * @param warnings   what makes a figure less than it seems (unequal initial weights, failed trials)
 */
public record StudyView(
        @NotNull UUID id,
        String name,
        @NotNull StudyState state,
        @NotNull String createdBy,
        @NotNull Instant createdAt,
        Instant endedAt,
        int seeds,
        boolean evaluateTest,
        @NotNull List<Integer> budgets,
        @NotNull String reference,
        @NotNull List<LossEntry> losses,
        @NotNull List<TaskSpec> tasks,
        @NotNull Progress progress,
        @NotNull List<StudyCell> cells,
        @NotNull List<BudgetRanking> rankings,
        @NotNull List<String> warnings) {

    /** A loss as trained: its label, canonical text and reduction, hash, and recipe overrides. */
    public record LossEntry(
            @NotNull String label,
            @NotNull String expression,
            @NotNull String reduction,
            @NotNull String hash,
            StudyLoss.TaskOverrides overrides) {}

    /**
     * @param trials         every (loss, task, budget, seed)
     * @param finished       trials with a result (diverged included)
     * @param unevaluated    trials whose infrastructure failed past the retry budget
     * @param running        trials with a live attempt now
     * @param trainerSeconds wall seconds of the trainings behind finished trials
     * @param etaSeconds     seconds until every trial has an outcome at the study's pace so far (elapsed /
     *                       ended trials × trials left); null until one trial has ended, 0 once ended
     */
    public record Progress(
            int trials, int finished, int unevaluated, int running, double trainerSeconds, Double etaSeconds) {}
}
