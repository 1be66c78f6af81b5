package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The trainer's REST API as the dispatcher uses it. Every answer, failures included, is a value: an
 * implementation never throws for a trainer that is slow, down or odd.
 */
interface TrainerClient {

    /** How a start request ended. */
    sealed interface Start {
        /** 202: the trainer runs it. */
        record Accepted() implements Start {}

        /** 429: all slots busy; try this trainer again after the wait. */
        record Busy(Duration retryAfter) implements Start {}

        /**
         * 4xx other than 429: the trainer will never accept this request. {@code invalidLoss}: it refused
         * the expression (a candidate outcome); otherwise it does not serve the task.
         */
        record Refused(boolean invalidLoss, String problem) implements Start {}

        /** 503 shutting-down: the trainer drains for a graceful exit. */
        record Draining() implements Start {}

        /** 5xx: the request arrived and the trainer failed on it. */
        record ServerError(String why) implements Start {}

        /**
         * No answer (refused connection, timeout). {@code maybeReceived} is false only when the connection
         * was refused (the request cannot have arrived).
         */
        record Unreachable(String why, boolean maybeReceived) implements Start {}
    }

    /** What a trainer says about a trial: known (running or ended), unknown (404), or no answer. */
    sealed interface Status {
        record Known(TrialView trial) implements Status {}

        record Unknown() implements Status {}

        record Unreachable() implements Status {}
    }

    Start start(String trainerUrl, TrialRequest request);

    Status status(String trainerUrl, String trialId);

    /** Asks the trainer to stop a trial; best effort (already ended, unknown or unreachable: nothing to stop). */
    void cancel(String trainerUrl, String trialId);

    /** The names ({@code name} or {@code id} fields) of a trainer listing; empty when unreachable. */
    Optional<List<String>> names(String trainerUrl, String path);

    /** Dataset name → number of classes, from {@code GET /api/v1/datasets}; empty when unreachable. */
    Optional<java.util.Map<String, Integer>> datasetClasses(String trainerUrl);
}
