package io.lossforge.orchestrator.database;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a database action again while it fails with a {@linkplain TransientDatabaseErrors#isTransient transient
 * error}, with exponential back-off and jitter (Spring Framework 7's {@link RetryTemplate}), so that a
 * database outage or restart delays the orchestrator's work instead of failing a search (design §4.6). Any
 * other failure is thrown at once, unchanged. Every outcome is reported to {@link DatabaseAvailability}
 * (readiness, the one warn/info line per outage, the sweeper's guard).
 *
 * <p>The action must be a whole unit of work: its own transaction (a {@code TransactionTemplate} inside the
 * action, or a {@code @Transactional} method it calls), never a part of the caller's, since a transaction
 * whose connection broke cannot continue; calling it inside a transaction is refused
 * ({@link IllegalStateException}). It must re-read what it changes (a retried update of an entity
 * loaded outside fails the same way again) and be idempotent: a commit whose connection died may or may not
 * have happened (guarded transitions, {@code ON CONFLICT}, client-chosen ids). No calls to trainers inside.
 *
 * <ul>
 *   <li>{@link #forever} — background loops (dispatch, engine, sweeper): waits 100 ms, then twice as long
 *       each time up to 5 s (± jitter), for as long as the outage lasts. Returns only with a result, a
 *       non-transient failure, or {@link DatabaseUnavailableException} when the thread is interrupted
 *       (shutdown; the interrupt flag stays set).
 *   <li>{@link #briefly} — request handlers: at most 3 tries within about 1 s (a try itself may take up to
 *       Hikari's 2 s connection timeout), then {@link DatabaseUnavailableException}, answered 503
 *       {@code database-unavailable} with {@code Retry-After: 2}. A client that is waiting gets an answer it
 *       can act on instead of hanging.
 * </ul>
 */
@Component
public class DatabaseRetry {

    /**
     * The background loops' policy: unbounded, 100 ms doubling to 5 s, each delay ± 50 % at random (Spring
     * scales the jitter with the delay) so that replicas and loops do not retry in step.
     */
    static final RetryPolicy FOREVER = RetryPolicy.builder()
            .predicate(TransientDatabaseErrors::isTransient)
            .maxRetries(Long.MAX_VALUE)
            .delay(Duration.ofMillis(100))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .jitter(Duration.ofMillis(50))
            .build();

    /**
     * The request handlers' policy: 2 retries after about 100 and 300 ms (± 25 %), none started once 1 s has
     * passed.
     */
    static final RetryPolicy BRIEFLY = RetryPolicy.builder()
            .predicate(TransientDatabaseErrors::isTransient)
            .maxRetries(2)
            .delay(Duration.ofMillis(100))
            .multiplier(3)
            .jitter(Duration.ofMillis(25))
            .timeout(Duration.ofSeconds(1))
            .build();

    private final DatabaseAvailability availability;
    private final RetryTemplate forever;
    private final RetryTemplate briefly;

    @Autowired
    public DatabaseRetry(DatabaseAvailability availability) {
        this(availability, FOREVER, BRIEFLY);
    }

    /** With other policies (tests: shorter delays); both should retry only transient errors. */
    DatabaseRetry(DatabaseAvailability availability, RetryPolicy forever, RetryPolicy briefly) {
        this.availability = availability;
        this.forever = new RetryTemplate(forever);
        this.briefly = new RetryTemplate(briefly);
    }

    /**
     * Runs {@code action} until it succeeds or fails non-transiently (background loops).
     *
     * @param what names the action in the outage's log line ("dispatch", "sweep leases")
     * @throws RuntimeException the action's first non-transient failure, as thrown
     * @throws DatabaseUnavailableException only when the thread was interrupted while waiting to retry
     */
    public <T> T forever(String what, Supplier<T> action) {
        return run(forever, what, action);
    }

    /** {@link #forever(String, Supplier)} for an action without a result. */
    public void forever(String what, Runnable action) {
        forever(what, asSupplier(action));
    }

    /**
     * Runs {@code action} with up to 3 tries in about 1 s (request handlers).
     *
     * @param what names the action in the log and in the problem's detail ("record result")
     * @throws RuntimeException the action's first non-transient failure, as thrown
     * @throws DatabaseUnavailableException when the tries ran out on transient failures
     */
    public <T> T briefly(String what, Supplier<T> action) {
        return run(briefly, what, action);
    }

    /** {@link #briefly(String, Supplier)} for an action without a result. */
    public void briefly(String what, Runnable action) {
        briefly(what, asSupplier(action));
    }

    private <T> T run(RetryTemplate template, String what, Supplier<T> action) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // Retrying inside the caller's transaction would repeat work on a connection that is broken,
            // or repeat half of a unit of work whose other half stays committed with the caller's.
            throw new IllegalStateException("DatabaseRetry (" + what + ") was called inside a transaction;"
                    + " the retried action must be a transaction of its own");
        }
        try {
            return template.execute(new Retryable<T>() {
                @Override
                public T execute() {
                    try {
                        T result = action.get();
                        availability.succeeded();
                        return result;
                    } catch (RuntimeException | Error e) {
                        availability.failed(what, e);
                        throw e;
                    }
                }

                @Override
                public String getName() {
                    return what;
                }
            });
        } catch (RetryException e) {
            // The cause is the last failure: non-transient (rethrown as it was), or transient when the tries
            // ran out, the time ran out, or the back-off sleep was interrupted.
            Throwable last = e.getCause();
            if (!TransientDatabaseErrors.isTransient(last)) {
                if (last instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (last instanceof Error error) {
                    throw error;
                }
            }
            throw new DatabaseUnavailableException(what, last);
        }
    }

    private static Supplier<Void> asSupplier(Runnable action) {
        return () -> {
            action.run();
            return null;
        };
    }
}
