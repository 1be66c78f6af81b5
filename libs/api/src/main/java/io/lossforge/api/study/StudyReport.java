package io.lossforge.api.study;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/**
 * A study as the paper tabulates it ({@code GET /api/v1/studies/{id}/report?format=json}): one row per loss,
 * one column per (task, budget); the reference's cells carry its absolute accuracy, the others' their Δ.
 */
public record StudyReport(
        @NotNull UUID study,
        @NotNull String reference,
        @NotNull List<Column> columns,
        @NotNull List<Row> rows,
        @NotNull List<String> warnings) {

    /** A column: task index, budget multiplier, and a label such as {@code cifar-10/cnn-medium}. */
    public record Column(int task, int budget, @NotNull String label) {}

    /** A loss's cells, in column order. */
    public record Row(@NotNull String loss, @NotNull List<StudyCell> cells) {}
}
