package io.lossforge.orchestrator.dispatch;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import io.lossforge.orchestrator.population.PopulationEvents;
import io.lossforge.orchestrator.work.SignalledLoop;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the {@link Dispatcher} as soon as work or a slot may be there: new work committed, an attempt
 * ended (a slot freed), a trainer joined. The periodic pass (the dispatch interval) is only a safety net,
 * e.g. for work another replica queued or a back-off that ran out.
 */
@Component
class DispatchLoop extends SignalledLoop<Boolean> {

    private final Dispatcher dispatcher;
    private final DatabaseRetry retry;

    DispatchLoop(Dispatcher dispatcher, DatabaseRetry retry, OrchestratorProperties properties) {
        super("dispatcher", properties.dispatch().interval());
        this.dispatcher = dispatcher;
        this.retry = retry;
    }

    @Override
    protected void pass(java.util.Set<Boolean> signalled) {
        retry.forever("dispatch", dispatcher::dispatch);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PopulationEvents.WorkQueued event) {
        signal(null);
    }

    /** Published after the commit already (see {@link AfterCommit}). */
    @EventListener
    void on(AfterCommit.DispatchWanted event) {
        signal(null);
    }
}
