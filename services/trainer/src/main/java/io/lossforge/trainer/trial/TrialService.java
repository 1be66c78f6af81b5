package io.lossforge.trainer.trial;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.trainer.HeartbeatAck;
import io.lossforge.api.trainer.TrainerHeartbeat;
import io.lossforge.api.trial.CancelReason;
import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.api.trial.TrialView;
import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.task.TaskSpec;
import io.lossforge.trainer.DjlEnvironment;
import io.lossforge.trainer.TrainerProperties;
import io.lossforge.trainer.model.ModelKind;
import io.lossforge.trainer.training.Failures;
import io.lossforge.trainer.training.TrainingData;
import io.lossforge.trainer.training.TrainingDataSource;
import io.lossforge.trainer.training.TrainingRun;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Accepts trials into a fixed number of slots, trains each on its own slot thread, and keeps their state
 * for GET until evicted. A full trainer refuses new work (429) instead of queueing it: the orchestrator
 * owns the queue and can send the trial to another trainer.
 */
@Service
public class TrialService {

    private static final Logger log = LoggerFactory.getLogger(TrialService.class);

    private final TrainerProperties properties;
    private final TrainingDataSource data;
    private final CallbackClient callbacks;
    private final TrialMetrics metrics;
    private final Semaphore freeSlots;
    private final ExecutorService slots;
    private final Map<String, TrialRecord> trials = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public TrialService(
            TrainerProperties properties, TrainingDataSource data, CallbackClient callbacks, TrialMetrics metrics) {
        this.properties = properties;
        this.data = data;
        this.callbacks = callbacks;
        this.metrics = metrics;
        DjlEnvironment.configure(properties.dataRoot(), properties.threadsPerSlot());
        this.freeSlots = new Semaphore(properties.slots());
        this.slots = Executors.newFixedThreadPool(
                properties.slots(), Thread.ofPlatform().name("trial-slot-", 1).factory());
        metrics.slots(properties.slots(), () -> properties.slots() - freeSlots.availablePermits());
    }

    /** Starts the trial, or returns it unchanged if the same trial was already submitted. */
    public TrialView submit(TrialRequest request) {
        TrialRecord existing = trials.get(request.trialId());
        if (existing != null) {
            if (!existing.request().equals(request)) {
                throw TrialProblems.conflict("trial '" + request.trialId() + "' exists with a different request");
            }
            return existing.view();
        }
        if (draining) {
            throw TrialProblems.shuttingDown();
        }
        TrialRecord record = validated(request);
        if (!freeSlots.tryAcquire()) {
            throw new TrialProblems.SlotsBusy(properties.slots());
        }
        if (trials.putIfAbsent(record.id(), record) != null) {
            freeSlots.release();
            return submit(request);
        }
        slots.execute(() -> {
            try {
                run(record);
            } finally {
                freeSlots.release();
            }
        });
        return record.view();
    }

    public Optional<TrialView> find(String trialId) {
        return Optional.ofNullable(trials.get(trialId)).map(TrialRecord::view);
    }

    /** Asks a running trial to stop at its next batch; it then ends CANCELLED and reports that. */
    public TrialView cancel(String trialId) {
        TrialRecord record = trials.get(trialId);
        if (record == null) {
            throw TrialProblems.notFound(trialId);
        }
        if (record.isFinished()) {
            throw TrialProblems.conflict(
                    "trial '" + trialId + "' already ended " + record.result().outcome());
        }
        record.requestCancel(CancelReason.REQUESTED);
        return record.view();
    }

    private void run(TrialRecord record) {
        long start = System.nanoTime();
        TrialResult result;
        try {
            result = properties.stub().enabled() ? stub(record) : train(record);
        } catch (RuntimeException | OutOfMemoryError e) {
            log.warn("trial {} failed before training: {}", record.id(), e.getMessage());
            result = TrialResult.failed(
                    Failures.classify(e), Failures.describe(e), List.of(), (System.nanoTime() - start) / 1e9);
        }
        finished(record, result);
    }

    private TrialResult stub(TrialRecord record) {
        record.fetched();
        try {
            return new StubTraining(properties.stub()).run(record, record.progressSink());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TrialResult.cancelled(CancelReason.SHUTDOWN, List.of(), 0);
        }
    }

    /** The task's training, then one per further task of a multi-task fitness, each from scratch. */
    private TrialResult train(TrialRecord record) {
        List<TaskSpec> tasks = new java.util.ArrayList<>();
        tasks.add(record.task());
        if (record.task().fitnessTasks() != null) {
            tasks.addAll(record.task().fitnessTasks());
        }
        List<TrialResult> results = new java.util.ArrayList<>();
        for (TaskSpec task : tasks) {
            TrainingData loaded = load(task.dataset());
            if (results.isEmpty()) {
                record.fetched();
            }
            TrialResult result = new TrainingRun(
                            record.loss(), task, ModelKind.of(task.model()).orElseThrow(), loaded)
                    .run(
                            epoch -> {
                                metrics.epoch(epoch);
                                callbacks.progress(record, record.addEpoch(epoch));
                            },
                            record::isCancelRequested,
                            record.progressSink());
            results.add(result);
            if (result.outcome() != io.lossforge.api.trial.TrialOutcome.SUCCEEDED) {
                break;
            }
        }
        return tasks.size() == 1
                ? results.getFirst()
                : io.lossforge.trainer.training.MultiTaskResults.combine(tasks, results);
    }

    private void finished(TrialRecord record, TrialResult result) {
        record.finish(result);
        metrics.finished(result);
        log.info(
                "trial {} {} in {} s (validation accuracy {})",
                record.id(),
                result.outcome(),
                String.format("%.2f", result.wallSeconds()),
                result.validationAccuracy());
        if (!draining) {
            // While draining, the shutdown delivers results itself, synchronously.
            callbacks.deliver(record);
        }
        evictOldTrials();
    }

    private TrainingData load(String dataset) {
        try {
            return data.load(dataset);
        } catch (RuntimeException e) {
            throw new Failures.DatasetUnavailable(e);
        }
    }

    private TrialRecord validated(TrialRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Loss loss = null;
        try {
            loss = LossCatalog.resolve(
                    request.expression(), request.reduction() == null ? null : Reduction.of(request.reduction()));
        } catch (InvalidLossException e) {
            errors.add(new FieldError("expression", e.getMessage()));
        }
        TaskSpec task = request.task().withDefaults();
        task.violations().forEach(v -> errors.add(new FieldError("task." + v.field(), v.message())));
        List<TaskSpec> trainings = new java.util.ArrayList<>(List.of(task));
        if (task.fitnessTasks() != null && task.violations().isEmpty()) {
            trainings.addAll(task.fitnessTasks());
        }
        for (int i = 0; i < trainings.size(); i++) {
            knowable(trainings.get(i), i == 0 ? "task." : "task.fitnessTasks[" + (i - 1) + "].", errors);
        }
        if (!errors.isEmpty()) {
            throw TrialProblems.invalid(errors);
        }
        return new TrialRecord(request, loss, task, callbacks.urlOf(request.trialId()));
    }

    /**
     * The model, dataset and class groups of one training of a trial against what this trainer has; a class
     * that does not exist is the request's fault (400), not a failure of the training.
     */
    private void knowable(TaskSpec t, String prefix, List<FieldError> errors) {
        if (t.model() != null && ModelKind.of(t.model()).isEmpty()) {
            errors.add(new FieldError(prefix + "model", "must be one of " + String.join(", ", ModelKind.ids())));
        }
        if (properties.stub().enabled() || t.dataset() == null || t.dataset().isBlank()) {
            return;
        }
        if (!data.names().contains(t.dataset())) {
            errors.add(
                    new FieldError(prefix + "dataset", "unknown dataset; known: " + String.join(", ", data.names())));
            return;
        }
        data.classes(t.dataset())
                .ifPresent(classes -> t.violations(classes)
                        .forEach(v -> errors.add(new FieldError(prefix + v.field(), v.message()))));
    }

    /** Drops the oldest ended trials whose delivery is over, beyond the retention limit. */
    private void evictOldTrials() {
        int excess = trials.size() - properties.retainedTrials();
        if (excess <= 0) {
            return;
        }
        trials.values().stream()
                .filter(r -> r.isFinished()
                        && (r.callbackUrl() == null || r.delivery().ended()))
                .sorted(Comparator.comparing(TrialRecord::submittedAt))
                .limit(excess)
                .forEach(r -> trials.remove(r.id()));
    }

    /** Every attempt this trainer holds, running or finished and not yet acknowledged, as a heartbeat lists it. */
    List<TrainerHeartbeat.Attempt> attempts() {
        return trials.values().stream()
                .sorted(Comparator.comparing(TrialRecord::submittedAt))
                .map(TrialRecord::attempt)
                .toList();
    }

    /** Applies an orchestrator's heartbeat answer: stops what it cancels, forgets what it has recorded. */
    void apply(HeartbeatAck ack) {
        for (String id : ack.cancel()) {
            TrialRecord record = trials.get(id);
            if (record != null && !record.isFinished()) {
                record.requestCancel(CancelReason.REQUESTED);
            }
        }
        for (String id : ack.acknowledged()) {
            trials.computeIfPresent(id, (key, record) -> record.isFinished() ? null : record);
        }
    }

    /** The trials still running. */
    List<TrialRecord> running() {
        return trials.values().stream().filter(r -> !r.isFinished()).toList();
    }

    /** Whether the trainer refuses new trials because it is shutting down. */
    boolean isDraining() {
        return draining;
    }

    /**
     * Refuses new trials from now on (503) and asks every running one to stop with reason {@link
     * CancelReason#SHUTDOWN}; then waits up to {@code budget} for the slots to empty. Returns the trials
     * whose result still has to be delivered.
     */
    List<TrialRecord> drain(java.time.Duration budget) throws InterruptedException {
        draining = true;
        trials.values().stream().filter(r -> !r.isFinished()).forEach(r -> r.requestCancel(CancelReason.SHUTDOWN));
        slots.shutdown();
        if (!slots.awaitTermination(budget.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            log.warn("slots still busy after {}: exiting without their results", budget);
        }
        return trials.values().stream()
                .filter(r -> r.isFinished()
                        && r.callbackUrl() != null
                        && !r.delivery().ended())
                .toList();
    }

    @PreDestroy
    void stop() {
        trials.values().forEach(r -> r.requestCancel(CancelReason.SHUTDOWN));
        slots.shutdownNow();
    }
}
