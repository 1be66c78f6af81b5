package io.lossforge.orchestrator.dispatch;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import io.lossforge.orchestrator.population.PopulationEvents;
import io.lossforge.orchestrator.work.SignalledLoop;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the {@link Dispatcher} as soon as work or a slot may be there: new work committed, an attempt
 * ended (a slot freed), a trainer joined. The periodic pass (the dispatch interval) is only a safety net,
 * e.g. for work another replica queued or a back-off that ran out.
 */
@Component
class DispatchLoop implements SmartLifecycle {

    private final SignalledLoop<Boolean> loop;

    DispatchLoop(Dispatcher dispatcher, DatabaseRetry retry, OrchestratorProperties properties) {
        this.loop = new SignalledLoop<>(
                "dispatcher",
                properties.dispatch().interval(),
                keys -> retry.forever("dispatch", dispatcher::dispatch));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PopulationEvents.WorkQueued event) {
        loop.signal(null);
    }

    /** Published after the commit already (see {@link AfterCommit}). */
    @EventListener
    void on(AfterCommit.DispatchWanted event) {
        loop.signal(null);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
