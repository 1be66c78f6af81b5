package io.lossforge.api.trial;

import io.lossforge.task.TaskSpec;
import java.time.Instant;
import java.util.List;

/**
 * A trial as the trainer shows it ({@code GET /api/v1/trials/{id}}); the orchestrator reads it to recover
 * results whose callback was lost. {@code result} is present once the trial has ended.
 *
 * @param reduction the id of the {@link io.lossforge.loss.Reduction} in use
 * @param callback delivery of the final result to the callback URL, null when the trial has none
 */
public record TrialView(
        String trialId,
        TrialState state,
        String expression,
        String reduction,
        TaskSpec task,
        Instant submittedAt,
        List<EpochReport> epochs,
        TrialResult result,
        CallbackDelivery callback) {

    /** Where the final result stands on its way to the callback URL. */
    public record CallbackDelivery(String url, int attempts, boolean delivered, boolean abandoned, String lastError) {}
}
