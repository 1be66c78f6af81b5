package io.lossforge.orchestrator.dispatch;

import io.lossforge.orchestrator.search.TrialQueue;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The trial table as the search engine's {@link TrialQueue}. */
@Component
class TrialLedger implements TrialQueue {

    private final TrialRepository trials;
    private final TrainerRepository trainers;
    private final TrainerClient client;
    private final ExecutorService cancellations = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("trial-cancel").daemon().factory());

    TrialLedger(TrialRepository trials, TrainerRepository trainers, TrainerClient client) {
        this.trials = trials;
        this.trainers = trainers;
        this.client = client;
    }

    @Override
    public void enqueue(long candidateId, int attempt) {
        trials.save(new Trial(candidateId, attempt));
    }

    @Override
    public void cancelSearch(UUID searchId) {
        List<Trial> open = trials.findOpenBySearch(searchId);
        for (Trial trial : open) {
            boolean leased = "LEASED".equals(trial.state);
            trial.close("CANCELLED");
            if (leased && trial.trainerId != null) {
                String url = trainers.findById(trial.trainerId).map(t -> t.url).orElse(null);
                if (url != null) {
                    afterCommit(() -> client.cancel(url, trial.id));
                }
            }
        }
    }

    /** Network calls wait for the commit: a rolled-back cancel must not have stopped anything. */
    private void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cancellations.execute(action);
                }
            });
        } else {
            cancellations.execute(action);
        }
    }
}
