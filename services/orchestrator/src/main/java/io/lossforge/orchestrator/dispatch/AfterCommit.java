package io.lossforge.orchestrator.dispatch;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Side effects that must wait for the commit: a rolled-back transaction must not have stopped a trial on
 * a trainer or woken the dispatcher for work that does not exist. Cancels run on virtual threads.
 */
@Component
class AfterCommit {

    /** Slots were freed or work became ready: the dispatcher should run a pass. */
    record DispatchWanted() {}

    private final TrainerClient client;
    private final ApplicationEventPublisher events;
    private final ExecutorService cancels = Executors.newVirtualThreadPerTaskExecutor();

    AfterCommit(TrainerClient client, ApplicationEventPublisher events) {
        this.client = client;
        this.events = events;
    }

    void cancel(String trainerUrl, UUID attemptId) {
        run(() -> cancels.execute(() -> client.cancel(trainerUrl, attemptId.toString())));
    }

    void signalDispatch() {
        run(() -> events.publishEvent(new DispatchWanted()));
    }

    /** Runs {@code action} after the current transaction commits (at once without one). */
    static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
