package io.lossforge.trainer.trial;

import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.training.EpochReport;
import io.lossforge.trainer.training.TrialResult;
import java.time.Instant;
import java.util.List;

/**
 * A trial as the API shows it. {@code state} is {@code RUNNING} until the trial ends, then its outcome
 * ({@code SUCCEEDED | DIVERGED | FAILED | CANCELLED}); {@code result} is present once it has ended.
 */
public record TrialView(
        String trialId,
        String state,
        String expression,
        String reduction,
        TaskSpec task,
        Instant submittedAt,
        List<EpochReport> epochs,
        TrialResult result,
        CallbackView callback) {

    /** Delivery of the final result to the callback URL (null when the trial has none). */
    public record CallbackView(String url, int attempts, boolean delivered, boolean abandoned, String lastError) {
    }

    static TrialView of(TrialRecord record) {
        TrialResult result = record.result();
        TrialRecord.Delivery delivery = record.delivery();
        String url = record.request().callbackUrl();
        return new TrialView(record.id(), result == null ? "RUNNING" : result.outcome().name(),
                InfixPrinter.print(record.loss().expression()), record.loss().reduction().id(), record.task(),
                record.submittedAt(), record.epochs(), result,
                url == null ? null : new CallbackView(url, delivery.attempts(), delivery.delivered(),
                        delivery.abandoned(), delivery.lastError()));
    }
}
