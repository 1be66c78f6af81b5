package io.lossforge.orchestrator.database;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which database failures go away by themselves, so that the same action, run again later, may succeed
 * (design §4.6). The whole cause chain is searched: Spring, Hibernate, Hikari and pgjdbc each wrap the
 * root cause differently (a refused connection reaches the caller as a {@code CannotCreateTransactionException}
 * around a Hikari {@code SQLTransientConnectionException} around a pgjdbc {@code PSQLException} with state
 * 08001 around a {@code ConnectException}), and any one transient link is enough.
 *
 * <p>Two grades: {@link #isTransient} (worth retrying: the database is unreachable, or a transaction lost a
 * lock, serialization or timeout race) and its subset {@link #isUnreachable} (the database itself is gone:
 * only these make {@link DatabaseAvailability} report an outage; a deadlock does not).
 *
 * <p>Not transient, so never retried: constraint violations, bad SQL, data errors, and anything that does not
 * come from the database. Callers must not wrap non-database I/O (a call to a trainer) in a retried action:
 * its {@code ConnectException} would be read as the database's.
 */
public final class TransientDatabaseErrors {

    /** SQL states whose cause is a lost or refused connection, or a server that is going away. */
    private static final Set<String> UNREACHABLE_STATES = Set.of(
            "57P01", // admin_shutdown: the server is stopping (pg_ctl stop -m fast)
            "57P02", // crash_shutdown: another backend crashed, the server restarts
            "57P03", // cannot_connect_now: the server is starting or recovering
            "53300"); // too_many_connections

    /** SQL states of a transaction that lost a race; the database is fine and a retry may win. */
    private static final Set<String> CONTENTION_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available (NOWAIT, lock_timeout)
            "57014"); // query_canceled (statement_timeout)

    private TransientDatabaseErrors() {}

    /** Whether running the failed action again later may succeed: some link of the cause chain is transient. */
    public static boolean isTransient(Throwable failure) {
        return anyCause(failure, e -> unreachable(e) || contention(e));
    }

    /**
     * Whether the failure says the database cannot be reached at all (refused or lost connection, connect or
     * socket timeout, server shutting down or recovering, no connection slot). Implies {@link #isTransient}.
     */
    public static boolean isUnreachable(Throwable failure) {
        return anyCause(failure, TransientDatabaseErrors::unreachable);
    }

    private static boolean unreachable(Throwable e) {
        return e instanceof CannotCreateTransactionException
                // Not transient in Spring's hierarchy, but what a lost connection becomes through both
                // HibernateJpaDialect (JDBCConnectionException) and SQLStateSQLExceptionTranslator (08, 53, 57).
                || e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessResourceException
                || e instanceof RecoverableDataAccessException
                || e instanceof JDBCConnectionException
                // Hikari's "Connection is not available, request timed out after 2000ms."
                || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException
                || e instanceof ConnectException
                || e instanceof SocketTimeoutException
                || (e instanceof SQLException sql && (unreachableState(sql.getSQLState()) || closed(sql)));
    }

    /**
     * A pooled connection the pool already closed under the caller (Hikari's "Connection is closed", seen
     * without a SQL state when a rollback runs on a connection the outage broke: the fault test saw such a
     * request answered 500). The database is what went away, so it is an outage like the others.
     */
    private static boolean closed(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("Connection is closed");
    }

    private static boolean contention(Throwable e) {
        return e instanceof TransientDataAccessException // lock, serialization, query timeout
                || e instanceof LockAcquisitionException
                || e instanceof SQLTransientException
                || (e instanceof SQLException sql
                        && sql.getSQLState() != null // Set.of(...).contains(null) throws
                        && CONTENTION_STATES.contains(sql.getSQLState()));
    }

    /** Class 08 (connection exception: pgjdbc's PSQLState.isConnectionError is a subset) and the list above. */
    private static boolean unreachableState(String state) {
        return state != null && (state.startsWith("08") || UNREACHABLE_STATES.contains(state));
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable e = failure; e != null && seen.add(e); e = next(e)) {
            if (test.test(e)) {
                return true;
            }
        }
        return false;
    }

    /** The cause, or for a JDBC exception without one, the next exception of its chain (batch updates). */
    private static Throwable next(Throwable e) {
        if (e.getCause() == null && e instanceof SQLException sql) {
            return sql.getNextException();
        }
        return e.getCause();
    }
}
