package io.lossforge.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which database failures are retried. First over constructed instances of every listed kind, wrapped as
 * Spring, Hibernate and Hikari wrap them; then over real failures: those of a running PostgreSQL (bad SQL,
 * a duplicate key: never retried; NOWAIT and statement timeouts: retried, the database is up) and those of a
 * stopped one, reached through Hikari and JdbcTemplate as the orchestrator reaches it.
 */
class TransientDatabaseErrorsTest {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource pool;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
        pool = pool(postgres);
        jdbc = new JdbcTemplate(pool);
        jdbc.execute("create table item (id int primary key)");
        jdbc.update("insert into item values (1)");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pool.close();
        postgres.close();
    }

    static Stream<Arguments> unreachable() {
        PSQLException refused = new PSQLException(
                "Connection to localhost:5432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException());
        return Stream.of(
                Arguments.of(new CannotCreateTransactionException("Could not open JPA EntityManager", refused)),
                Arguments.of(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")),
                Arguments.of(new DataAccessResourceFailureException("I/O error")),
                Arguments.of(new TransientDataAccessResourceException("resource")),
                Arguments.of(new RecoverableDataAccessException("recoverable")),
                Arguments.of(new JDBCConnectionException("Unable to acquire JDBC Connection", new SQLException())),
                Arguments.of(new SQLTransientConnectionException("Connection is not available")),
                Arguments.of(new SQLRecoverableException("recoverable")),
                Arguments.of(new ConnectException("Connection refused")),
                Arguments.of(new SocketTimeoutException("Read timed out")),
                Arguments.of(refused),
                Arguments.of(new PSQLException("I/O error", PSQLState.CONNECTION_FAILURE)), // 08006
                Arguments.of(new SQLException("admin shutdown", "57P01")),
                Arguments.of(new SQLException("crash shutdown", "57P02")),
                Arguments.of(new SQLException("the database system is starting up", "57P03")),
                Arguments.of(new SQLException("too many clients", "53300")),
                // A rollback on a pooled connection the outage broke (seen by the outage fault test as a 500).
                Arguments.of(new org.springframework.orm.jpa.JpaSystemException(new RuntimeException(
                        "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")))),
                // A commit whose connection died: transient through its cause, not by itself.
                Arguments.of(new TransactionSystemException(
                        "Could not commit JPA transaction",
                        new IllegalStateException(
                                "commit", new PSQLException("I/O error", PSQLState.CONNECTION_FAILURE)))));
    }

    static Stream<Arguments> contention() {
        return Stream.of(
                Arguments.of(new SQLException("could not serialize access", "40001")),
                Arguments.of(new SQLException("deadlock detected", "40P01")),
                Arguments.of(new SQLException("could not obtain lock", "55P03")),
                Arguments.of(new SQLException("canceling statement due to statement timeout", "57014")),
                Arguments.of(new LockAcquisitionException("deadlock", new SQLException("deadlock", "40P01"))),
                Arguments.of(new CannotAcquireLockException("lock")),
                Arguments.of(new QueryTimeoutException("timeout")),
                Arguments.of(new SQLTransientException("transient")),
                Arguments.of(new ObjectOptimisticLockingFailureException("Search", 1L)));
    }

    static Stream<Arguments> permanent() {
        return Stream.of(
                Arguments.of(new DuplicateKeyException("duplicate key", new SQLException("duplicate", "23505"))),
                Arguments.of(new DataIntegrityViolationException("not null", new SQLException("null", "23502"))),
                Arguments.of(new SQLException("syntax error", "42601")),
                Arguments.of(new TransactionSystemException("Could not commit", new IllegalStateException("bug"))),
                Arguments.of(new IllegalArgumentException("no such search")),
                Arguments.of(new SQLException("no state")));
    }

    @ParameterizedTest
    @MethodSource("unreachable")
    void aLostOrRefusedConnectionIsTransientAndUnreachable(Throwable failure) {
        assertThat(TransientDatabaseErrors.isTransient(failure)).isTrue();
        assertThat(TransientDatabaseErrors.isUnreachable(failure)).isTrue();
        // However deep the application wraps it.
        RuntimeException wrapped = new IllegalStateException("sweep failed", new RuntimeException(failure));
        assertThat(TransientDatabaseErrors.isUnreachable(wrapped)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("contention")
    void aLostRaceIsTransientButTheDatabaseIsUp(Throwable failure) {
        assertThat(TransientDatabaseErrors.isTransient(failure)).isTrue();
        assertThat(TransientDatabaseErrors.isUnreachable(failure)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("permanent")
    void constraintViolationsBadSqlAndBugsAreNotTransient(Throwable failure) {
        assertThat(TransientDatabaseErrors.isTransient(failure)).isFalse();
        assertThat(TransientDatabaseErrors.isUnreachable(failure)).isFalse();
    }

    @Test
    void aCyclicCauseChainEnds() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        assertThat(TransientDatabaseErrors.isTransient(a)).isFalse();
    }

    @Test
    void badSqlAndDuplicateKeysOfARealServerAreNotRetried() {
        Throwable badSql = catchThrowable(() -> jdbc.queryForList("selec 1"));
        Throwable duplicate = catchThrowable(() -> jdbc.update("insert into item values (1)"));

        assertThat(badSql).isInstanceOf(BadSqlGrammarException.class);
        assertThat(duplicate).isInstanceOf(DuplicateKeyException.class);
        assertThat(TransientDatabaseErrors.isTransient(badSql)).isFalse();
        assertThat(TransientDatabaseErrors.isTransient(duplicate)).isFalse();
    }

    @Test
    void aLockNotAvailableAndAStatementTimeoutOfARealServerAreRetriedWithoutAnOutage() {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        Throwable locked = tx.execute(status -> {
            jdbc.queryForList("select id from item where id = 1 for update");
            // Another connection (another thread: outside this transaction) asks for the row without waiting.
            return CompletableFuture.supplyAsync(() -> catchThrowable(
                            () -> jdbc.queryForList("select id from item where id = 1 for update nowait")))
                    .join();
        });
        Throwable timedOut = catchThrowable(() -> tx.execute(status -> {
            jdbc.execute("set local statement_timeout = 50");
            return jdbc.queryForList("select pg_sleep(5)");
        }));

        // Spring 7's JdbcTemplate leaves 55P03 uncategorized (not a transient class): its SQL state decides.
        assertThat(locked).isInstanceOf(DataAccessException.class).hasRootCauseInstanceOf(PSQLException.class);
        assertThat(timedOut).isInstanceOf(QueryTimeoutException.class);
        for (Throwable failure : List.of(locked, timedOut)) {
            assertThat(TransientDatabaseErrors.isTransient(failure))
                    .as("%s", failure)
                    .isTrue();
            assertThat(TransientDatabaseErrors.isUnreachable(failure))
                    .as("%s", failure)
                    .isFalse();
        }
    }

    @Test
    void everyFailureOfAStoppedServerIsTransientAndUnreachable() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        try (EmbeddedPostgres stopped = EmbeddedPostgres.start();
                HikariDataSource pool = pool(stopped)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            assertThat(jdbc.queryForObject("select 1", Integer.class)).isEqualTo(1);

            stopped.close(); // pg_ctl stop -m fast: the pooled connection is terminated (57P01)

            // The pooled connection first (broken), then new ones (refused, Hikari times out).
            for (int i = 0; i < 3; i++) {
                failures.add(catchThrowable(() -> jdbc.queryForObject("select 1", Integer.class)));
            }
        }
        assertThat(failures).doesNotContainNull();
        assertThat(failures).last().isInstanceOf(CannotGetJdbcConnectionException.class);
        for (Throwable failure : failures) {
            assertThat(TransientDatabaseErrors.isTransient(failure))
                    .as("%s", failure)
                    .isTrue();
            assertThat(TransientDatabaseErrors.isUnreachable(failure))
                    .as("%s", failure)
                    .isTrue();
        }
    }

    /** A pool as the orchestrator's (short connection timeout, the pgjdbc timeouts), one connection. */
    static HikariDataSource pool(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(
                postgres.getJdbcUrl("postgres", "postgres") + "&" + EmbeddedPostgresServer.CONNECTION_OPTIONS);
        config.setConnectionTimeout(500);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
