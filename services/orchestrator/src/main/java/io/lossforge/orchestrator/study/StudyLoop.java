package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyState;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import io.lossforge.orchestrator.population.PopulationEvents;
import io.lossforge.orchestrator.work.SignalledLoop;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the {@link StudyEngine}: a study is advanced when one of its evaluations ended or it was created or
 * resumed, and every running study every ten safety intervals (work of other replicas, a restart), when the
 * closing studies of searches that SUCCEEDED are started too ({@link TransferStudies}). A pass that
 * fails is logged and tried again at the next one: a study has nothing that can be half-done.
 */
@Component
class StudyLoop extends SignalledLoop<UUID> {

    private static final Logger log = LoggerFactory.getLogger(StudyLoop.class);

    private final StudyRepository studies;
    private final StudyTrialRepository trials;
    private final StudyEngine engine;
    private final TransferStudies transfers;
    private final DatabaseRetry retry;
    private final long intervalNanos;
    private final Set<Long> pendingEvaluations = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long lastFullPass;

    StudyLoop(
            StudyRepository studies,
            StudyTrialRepository trials,
            StudyEngine engine,
            TransferStudies transfers,
            DatabaseRetry retry,
            OrchestratorProperties properties) {
        super("study-engine", properties.dispatch().interval());
        this.studies = studies;
        this.trials = trials;
        this.engine = engine;
        this.transfers = transfers;
        this.retry = retry;
        this.intervalNanos = properties.dispatch().interval().toNanos();
    }

    /** A study was created or resumed. */
    record StudyChanged(UUID studyId) {}

    @TransactionalEventListener(fallbackExecution = true)
    void on(StudyChanged event) {
        signal(event.studyId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PopulationEvents.EvaluationEnded event) {
        // Which studies follow it is looked up on the loop's thread, not on the reporter's.
        pendingEvaluations.add(event.evaluationId());
        signal(null);
    }

    @Override
    protected void pass(Set<UUID> signalled) {
        Set<UUID> ids = new HashSet<>(signalled);
        ids.remove(null);
        for (Long evaluation : drain()) {
            ids.addAll(
                    retry.forever("studies following " + evaluation, () -> trials.runningStudiesFollowing(evaluation)));
        }
        long now = System.nanoTime();
        if (now - lastFullPass > intervalNanos * 10) {
            lastFullPass = now;
            retry.forever("start transfer studies", transfers::startPending);
            retry.forever("list running studies", () -> studies.findByState(StudyState.RUNNING))
                    .forEach(s -> ids.add(s.id()));
        }
        for (UUID id : ids) {
            try {
                retry.forever("advance study " + id, () -> engine.advance(id));
            } catch (RuntimeException e) {
                log.warn("study {} could not advance: {}", id, e.toString());
            }
        }
    }

    private Set<Long> drain() {
        Set<Long> out = new HashSet<>(pendingEvaluations);
        pendingEvaluations.removeAll(out);
        return out;
    }
}
