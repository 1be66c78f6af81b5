package io.lossforge.trainer.trial;

import io.lossforge.api.trainer.AttemptPhase;
import io.lossforge.api.trainer.AttemptState;
import io.lossforge.api.trainer.TrainerHeartbeat;
import io.lossforge.api.trial.CancelReason;
import io.lossforge.api.trial.EpochReport;
import io.lossforge.api.trial.TrialOutcome;
import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.api.trial.TrialState;
import io.lossforge.api.trial.TrialView;
import io.lossforge.loss.Loss;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.training.TrainingProgress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live state of one trial, shared between the slot thread that trains it, the callback sender and
 * the HTTP threads that read it. Each field is written by one party and published safely.
 */
final class TrialRecord {

    /** Where the final result stands on its way to the callback URL. */
    record Delivery(int attempts, boolean delivered, boolean abandoned, String lastError) {
        static final Delivery PENDING = new Delivery(0, false, false, null);

        boolean ended() {
            return delivered || abandoned;
        }
    }

    private final TrialRequest request;
    private final String callbackUrl;
    private final Loss loss;
    private final TaskSpec task;
    private final Instant submittedAt = Instant.now();
    private final List<EpochReport> epochs = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final AtomicReference<CancelReason> cancelReason = new AtomicReference<>();
    private final AtomicLong progress = new AtomicLong();
    private volatile AttemptPhase phase = AttemptPhase.FETCHING;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long batchesDone;
    private volatile long batchesTotal;
    private volatile int epoch;
    private volatile TrialResult result;
    private volatile Delivery delivery = Delivery.PENDING;

    /**
     * @param callbackUrl where its reports go ({@code <orchestrator>/internal/v1/trials/<id>}), null when the
     *                    trainer has no orchestrator configured (results then only readable by GET)
     */
    TrialRecord(TrialRequest request, Loss loss, TaskSpec task, String callbackUrl) {
        this.callbackUrl = callbackUrl;
        this.request = request;
        this.loss = loss;
        this.task = task;
    }

    String callbackUrl() {
        return callbackUrl;
    }

    TrialRequest request() {
        return request;
    }

    String id() {
        return request.trialId();
    }

    Loss loss() {
        return loss;
    }

    TaskSpec task() {
        return task;
    }

    Instant submittedAt() {
        return submittedAt;
    }

    List<EpochReport> epochs() {
        return List.copyOf(epochs);
    }

    /** Records a finished epoch. */
    EpochReport addEpoch(EpochReport report) {
        epochs.add(report);
        return report;
    }

    /** Asks the trial to stop; the first reason given is the one its result reports. */
    boolean requestCancel(CancelReason reason) {
        cancelReason.compareAndSet(null, reason);
        return !cancelRequested.getAndSet(true);
    }

    boolean isCancelRequested() {
        return cancelRequested.get();
    }

    TrialResult result() {
        return result;
    }

    boolean isFinished() {
        return result != null;
    }

    /** Ends the trial; a cancelled run reports why it was asked to stop. */
    void finish(TrialResult finalResult) {
        CancelReason reason = cancelReason.get();
        result = finalResult.outcome() == TrialOutcome.CANCELLED && reason != null
                ? TrialResult.cancelled(reason, finalResult.epochs(), finalResult.wallSeconds())
                : finalResult;
    }

    /** The dataset is loaded: one unit of progress, then training. */
    void fetched() {
        advance(1);
        phase = AttemptPhase.TRAINING;
    }

    /** Reports the run's progress into this record (called on the slot thread). */
    TrainingProgress progressSink() {
        return new TrainingProgress() {
            @Override
            public void trained(long done, long total, int currentEpoch) {
                batchesDone = done;
                batchesTotal = total;
                epoch = currentEpoch;
                phase = AttemptPhase.TRAINING;
                advance(1);
            }

            @Override
            public void evaluating(int batches) {
                phase = AttemptPhase.EVALUATING;
                advance(batches);
            }
        };
    }

    private void advance(long units) {
        progress.addAndGet(units);
        lastProgressNanos = System.nanoTime();
    }

    /** {@link System#nanoTime()} when progress last grew (or the trial was submitted). */
    long lastProgressNanos() {
        return lastProgressNanos;
    }

    /** The monotonic progress counter (units of work done). */
    long progress() {
        return progress.get();
    }

    /** The attempt as a heartbeat lists it. */
    TrainerHeartbeat.Attempt attempt() {
        boolean finished = isFinished();
        return new TrainerHeartbeat.Attempt(
                id(),
                finished ? AttemptState.FINISHED : AttemptState.RUNNING,
                finished ? null : phase,
                progress.get(),
                batchesDone,
                batchesTotal,
                epoch);
    }

    /** The trial as the API shows it. */
    TrialView view() {
        TrialResult ended = result;
        Delivery sent = delivery;
        String url = callbackUrl;
        return new TrialView(
                id(),
                ended == null ? TrialState.RUNNING : TrialState.of(ended.outcome()),
                InfixPrinter.print(loss.expression()),
                loss.reduction().id(),
                task,
                submittedAt,
                epochs(),
                ended,
                url == null
                        ? null
                        : new TrialView.CallbackDelivery(
                                url, sent.attempts(), sent.delivered(), sent.abandoned(), sent.lastError()));
    }

    Delivery delivery() {
        return delivery;
    }

    void delivery(Delivery update) {
        delivery = update;
    }
}
