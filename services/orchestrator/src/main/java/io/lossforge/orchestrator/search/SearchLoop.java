package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.database.DatabaseRetry;
import io.lossforge.orchestrator.database.TransientDatabaseErrors;
import io.lossforge.orchestrator.population.PopulationEvents;
import io.lossforge.orchestrator.work.SignalledLoop;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the {@link SearchEngine}: a search is advanced as soon as something it waits for commits (it was
 * created or resumed, an evaluation it follows ended), and every active search once per safety interval
 * (work of other replicas, anything a signal missed). A search the engine fails to advance five times in
 * a row for a reason that is not a database outage is marked FAILED (and can be resumed).
 */
@Component
class SearchLoop extends SignalledLoop<UUID> {

    private static final Logger log = LoggerFactory.getLogger(SearchLoop.class);
    private static final int FAILURES_BEFORE_GIVING_UP = 5;

    private final SearchRepository searches;
    private final SearchEngine engine;
    private final DatabaseRetry retry;
    private final Map<UUID, Integer> failures = new ConcurrentHashMap<>();
    private final long intervalNanos;
    private long lastFullPass;

    SearchLoop(SearchRepository searches, SearchEngine engine, DatabaseRetry retry, OrchestratorProperties properties) {
        super("search-engine", properties.dispatch().interval());
        this.searches = searches;
        this.engine = engine;
        this.retry = retry;
        this.intervalNanos = properties.dispatch().interval().toNanos();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SearchEngine.SearchChanged event) {
        signal(event.searchId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PopulationEvents.EvaluationEnded event) {
        event.searchIds().forEach(this::signal);
    }

    @Override
    protected void pass(Set<UUID> signalled) {
        Set<UUID> ids = new HashSet<>(signalled);
        long now = System.nanoTime();
        boolean full = signalled.isEmpty() || now - lastFullPass > intervalNanos;
        if (full) {
            lastFullPass = now;
            retry.forever(
                            "list active searches",
                            () -> searches.findByStateIn(List.of(SearchState.QUEUED, SearchState.RUNNING)))
                    .forEach(s -> ids.add(s.id()));
        }
        for (UUID id : ids) {
            try {
                // A database outage only delays the search: transient errors are retried for as long as it
                // lasts; only other failures count toward giving up.
                retry.forever("advance search " + id, () -> engine.advance(id, full));
                failures.remove(id);
            } catch (RuntimeException e) {
                if (TransientDatabaseErrors.isTransient(e)) {
                    throw e; // interrupted while the database is away (shutdown)
                }
                int count = failures.merge(id, 1, Integer::sum);
                log.warn(
                        "search {} could not advance ({} of {}): {}",
                        id,
                        count,
                        FAILURES_BEFORE_GIVING_UP,
                        e.toString());
                if (count >= FAILURES_BEFORE_GIVING_UP) {
                    engine.fail(id, "the engine could not advance the search: " + e.getMessage());
                    failures.remove(id);
                }
            }
        }
    }
}
