package io.lossforge.orchestrator.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the database is reachable, as last seen by the actions {@link DatabaseRetry} runs, and since when
 * it has been: the failure detectors must not declare trainers lost until the orchestrator has seen a
 * working database for a whole {@code lostAfter} (design §4.2), since during an outage no heartbeat can be
 * recorded. The readiness probe reads it too ({@link DatabaseHealthIndicator}).
 *
 * <p>An outage starts with the first failure that {@link TransientDatabaseErrors#isUnreachable says the
 * database cannot be reached} and ends with the next action that succeeds. Each start and end is logged
 * once, however many loops and requests retry meanwhile. {@link #healthySince()} starts as this bean's
 * creation (the orchestrator's start) and moves to the end of each outage.
 */
@Component
public class DatabaseAvailability {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final Clock clock;
    private volatile Instant healthySince;
    /** The start of the current outage; null while the database is reachable. */
    private volatile Instant downSince;

    private volatile String lastFailure = "";

    public DatabaseAvailability(Clock clock) {
        this.clock = clock;
        this.healthySince = clock.instant();
    }

    /** When the database was last seen coming back (or this orchestrator started); meaningless while down. */
    public Instant healthySince() {
        return healthySince;
    }

    /** Whether an outage is going on: the last database action failed as unreachable, and none succeeded since. */
    public boolean isDown() {
        return downSince != null;
    }

    /** The start of the current outage, if there is one. */
    public Optional<Instant> downSince() {
        return Optional.ofNullable(downSince);
    }

    /** What the first failure of the current outage said (empty when up); for the health details. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Whether the database has been reachable, without an outage, for at least {@code period} up to now (the
     * guard of the trainer-liveness sweeper).
     */
    public boolean hasBeenHealthyFor(Duration period) {
        return !isDown() && !clock.instant().isBefore(healthySince.plus(period));
    }

    /**
     * Reports a failed action; the first unreachable failure starts an outage (one warn line). Transient
     * failures that are not unreachability (a deadlock) and non-transient ones change nothing.
     */
    public void failed(String what, Throwable failure) {
        if (downSince != null || !TransientDatabaseErrors.isUnreachable(failure)) {
            return;
        }
        synchronized (this) {
            if (downSince == null) {
                downSince = clock.instant();
                lastFailure = rootMessage(failure);
                log.warn("database unreachable ({}: {}); retrying with back-off until it is back", what, lastFailure);
            }
        }
    }

    /** Reports a successful action: ends the current outage, if any (one info line with its length). */
    public void succeeded() {
        if (downSince == null) {
            return; // the common case: one volatile read
        }
        synchronized (this) {
            Instant since = downSince;
            if (since != null) {
                Instant now = clock.instant();
                healthySince = now;
                downSince = null;
                lastFailure = "";
                log.info(
                        "database back after {} s",
                        String.format(
                                Locale.ROOT,
                                "%.1f",
                                Duration.between(since, now).toMillis() / 1000.0));
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
