package io.lossforge.api.trial;

import io.lossforge.loss.parse.Parser;
import io.lossforge.task.TaskSpec;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/trials} on a trainer (the orchestrator sends it, the trainer reads it): train
 * {@code expression} (canonical infix or a catalog name) with {@code reduction} on {@code task}. A trainer
 * with an orchestrator configured reports to it ({@code /internal/v1/trials/{trialId}/progress} per epoch,
 * {@code .../result} at the end) — never to a URL a request names, so no caller can make a trainer post
 * elsewhere. Re-posting the same trial is idempotent.
 *
 * @param reduction the id of a {@link io.lossforge.loss.Reduction} ({@code mean} or {@code sum}); when
 *                  absent a catalog name brings its own, an expression means {@code mean}. A string on
 *                  the wire because the JSON is lower-case; loss-core's enum is the one list of values.
 */
public record TrialRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}", message = "must be 1-128 letters, digits or . _ : -")
        String trialId,

        @NotBlank @Size(max = Parser.MAX_LENGTH) String expression,

        @Pattern(regexp = "mean|sum", message = "must be mean or sum")
        String reduction,

        @NotNull TaskSpec task) {}
