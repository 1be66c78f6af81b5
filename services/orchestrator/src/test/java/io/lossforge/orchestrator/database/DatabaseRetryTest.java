package io.lossforge.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lossforge.api.problem.ProblemType;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link DatabaseRetry} with its production policies over actions that fail as a database would, and what it
 * tells {@link DatabaseAvailability}: the outage, its one warn and one info line, the readiness indicator.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseRetryTest {

    private final SteppingClock clock = new SteppingClock();
    private final DatabaseAvailability availability = new DatabaseAvailability(clock);
    private final DatabaseRetry retry = new DatabaseRetry(availability);

    private static RuntimeException refused() {
        return new CannotCreateTransactionException(
                "Could not open JPA EntityManager for transaction",
                new SQLException("Connection to localhost:5432 refused", "08001", new ConnectException()));
    }

    @Test
    void foreverRetriesThroughAnOutageAndLogsItsStartAndEndOnce(CapturedOutput output) {
        Instant started = clock.instant();
        AtomicInteger tries = new AtomicInteger();

        String result = retry.forever("sweep", () -> {
            if (tries.incrementAndGet() <= 4) {
                assertThat(tries.get() == 1 || availability.isDown()).isTrue();
                clock.advance(Duration.ofSeconds(3)); // failures at 3, 6, 9 and 12 s; back at 12 s
                throw refused();
            }
            return "swept";
        });

        assertThat(result).isEqualTo("swept");
        assertThat(tries).hasValue(5);
        assertThat(availability.isDown()).isFalse();
        assertThat(availability.healthySince()).isEqualTo(started.plusSeconds(12));
        assertThat(output.getOut().split("database unreachable", -1)).hasSize(2);
        assertThat(output.getOut()).contains("database unreachable (sweep: ConnectException)");
        assertThat(output.getOut().split("database back after", -1)).hasSize(2);
        assertThat(output.getOut()).contains("database back after 9.0 s"); // from the first failure
    }

    @Test
    void aNonTransientFailureIsThrownAtOnceAsItWas() {
        AtomicInteger tries = new AtomicInteger();
        DataIntegrityViolationException duplicate = new DataIntegrityViolationException("duplicate key");

        Throwable forever = catchThrowable(() -> retry.forever("insert", () -> {
            tries.incrementAndGet();
            throw duplicate;
        }));
        Throwable briefly = catchThrowable(() -> retry.briefly("insert", () -> {
            tries.incrementAndGet();
            throw duplicate;
        }));

        assertThat(forever).isSameAs(duplicate);
        assertThat(briefly).isSameAs(duplicate);
        assertThat(tries).hasValue(2);
        assertThat(availability.isDown()).isFalse();
    }

    @Test
    void brieflyGivesUpAfterThreeTriesWithA503ThatAsksToRetryIn2Seconds() {
        AtomicInteger tries = new AtomicInteger();
        RuntimeException refused = refused();

        Throwable thrown = catchThrowable(() -> retry.briefly("record result", () -> {
            tries.incrementAndGet();
            throw refused;
        }));

        assertThat(tries).hasValue(3);
        assertThat(thrown).isInstanceOf(DatabaseUnavailableException.class).hasCause(refused);
        DatabaseUnavailableException unavailable = (DatabaseUnavailableException) thrown;
        assertThat(unavailable.type()).isEqualTo(ProblemType.DATABASE_UNAVAILABLE);
        assertThat(unavailable.type().status()).isEqualTo(503);
        assertThat(unavailable.retryAfter()).hasValue(Duration.ofSeconds(2));
        assertThat(availability.isDown()).isTrue();
        assertThat(new DatabaseHealthIndicator(availability).health().getStatus())
                .isEqualTo(Status.DOWN);

        retry.briefly("heartbeat", () -> {});

        assertThat(availability.isDown()).isFalse();
        assertThat(new DatabaseHealthIndicator(availability).health().getStatus())
                .isEqualTo(Status.UP);
    }

    @Test
    void aLostRaceIsRetriedWithoutCallingItAnOutage(CapturedOutput output) {
        AtomicInteger tries = new AtomicInteger();

        int result = retry.briefly("claim", () -> {
            if (tries.incrementAndGet() == 1) {
                throw new org.springframework.dao.CannotAcquireLockException(
                        "deadlock", new SQLException("deadlock detected", "40P01"));
            }
            return 7;
        });

        assertThat(result).isEqualTo(7);
        assertThat(tries).hasValue(2);
        assertThat(availability.isDown()).isFalse();
        assertThat(output.getOut()).doesNotContain("database unreachable");
    }

    @Test
    void foreverEndsWhenItsThreadIsInterruptedAndKeepsTheInterrupt() {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread loop = Thread.ofVirtual().start(() -> {
            Throwable thrown = catchThrowable(() -> retry.forever("dispatch", () -> {
                throw refused();
            }));
            ended.complete(Thread.currentThread().isInterrupted() ? thrown : new AssertionError("interrupt lost"));
        });

        loop.interrupt();

        assertThat(ended.join()).isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void itRefusesToRetryInsideTheCallersTransaction() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            AtomicInteger tries = new AtomicInteger();
            Throwable thrown = catchThrowable(() -> retry.briefly("record result", tries::incrementAndGet));

            assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a transaction");
            assertThat(tries).hasValue(0);
        } finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
    }

    @Test
    void theSweeperGuardWaitsForAWholePeriodOfHealthAfterAnOutage() {
        assertThat(availability.hasBeenHealthyFor(Duration.ofSeconds(20))).isFalse(); // just started
        clock.advance(Duration.ofSeconds(20));
        assertThat(availability.hasBeenHealthyFor(Duration.ofSeconds(20))).isTrue();

        availability.failed("sweep", refused());
        assertThat(availability.hasBeenHealthyFor(Duration.ofSeconds(20))).isFalse();
        clock.advance(Duration.ofSeconds(60));
        availability.succeeded();
        assertThat(availability.hasBeenHealthyFor(Duration.ofSeconds(20))).isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(availability.hasBeenHealthyFor(Duration.ofSeconds(20))).isTrue();
    }

    /** A clock that moves only when told. */
    static final class SteppingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
