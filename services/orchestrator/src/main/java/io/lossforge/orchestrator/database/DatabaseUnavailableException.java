package io.lossforge.orchestrator.database;

import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemException;
import java.time.Duration;
import java.util.Optional;

/**
 * The database could not be reached within a request's short retry budget ({@link DatabaseRetry#briefly}), or
 * a background retry was interrupted by shutdown. As an HTTP answer: 503 {@code database-unavailable} with
 * {@code Retry-After: 2}; a trainer retries its call (results are also fetched by heartbeat later), a user
 * retries the command. The transient failure that ended the retries is the cause (the log has it, the answer
 * not).
 */
public class DatabaseUnavailableException extends ProblemException {

    /** How long a client should wait before calling again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    public DatabaseUnavailableException(String what, Throwable cause) {
        super(ProblemType.DATABASE_UNAVAILABLE, "the database is unavailable (" + what + "); retry later");
        initCause(cause);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(RETRY_AFTER);
    }
}
