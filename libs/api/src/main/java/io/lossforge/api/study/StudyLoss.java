package io.lossforge.api.study;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One loss of a study: a catalog name ({@code ce}, {@code poly1}, ...), an expression, or the hash of a loss
 * the orchestrator has seen (a leaderboard row's {@code hash}).
 *
 * @param label     how the report names it; default the catalog name, else the expression
 * @param reduction {@code mean} or {@code sum} for an expression (a catalog loss keeps its own unless given)
 * @param overrides recipe changes that belong to the loss, e.g. weight decay for "CE + L2"
 */
public record StudyLoss(
        @NotBlank @Size(max = 2000) String loss,
        @Size(max = 100) String label,

        @Pattern(regexp = "mean|sum", message = "must be mean or sum")
        String reduction,

        @Valid TaskOverrides overrides) {

    /** The recipe fields a loss entry may change; null fields keep the task's value. */
    public record TaskOverrides(Double weightDecay, Double learningRate, String optimizer, Double momentum) {}
}
