package io.lossforge.trainer.trial;

import io.lossforge.loss.Loss;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.training.EpochReport;
import io.lossforge.trainer.training.TrialResult;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final Loss loss;
    private final TaskSpec task;
    private final Instant submittedAt = Instant.now();
    private final List<EpochReport> epochs = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private volatile TrialResult result;
    private volatile Delivery delivery = Delivery.PENDING;

    TrialRecord(TrialRequest request, Loss loss, TaskSpec task) {
        this.request = request;
        this.loss = loss;
        this.task = task;
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

    void addEpoch(EpochReport report) {
        epochs.add(report);
    }

    boolean requestCancel() {
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

    void finish(TrialResult finalResult) {
        result = finalResult;
    }

    Delivery delivery() {
        return delivery;
    }

    void delivery(Delivery update) {
        delivery = update;
    }
}
