package io.lossforge.orchestrator.database;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the embedded PostgreSQL running: every {@link #INTERVAL} a daemon thread checks that its postmaster
 * is alive ({@link EmbeddedPostgresServer#isRunning()}) and, if it died (killed, OOM-killed, crashed),
 * restarts it on the same data directory and port, so that the pool's URL stays valid. Meanwhile the
 * orchestrator's database actions fail as unreachable and are retried ({@link DatabaseRetry}); the outage
 * lasts about the check interval plus PostgreSQL's crash recovery. A failed restart is tried again at the
 * next check.
 *
 * <p>Lifecycle: starts before and stops after everything that uses the database (the web server, the
 * dispatch, engine and sweeper loops at higher phases), so that nothing restarts a server that the
 * orchestrator is shutting down; the server itself is stopped afterwards, when its bean is destroyed.
 */
public final class PostgresSupervisor implements SmartLifecycle {

    /** How often the postmaster is checked. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);

    /** Below the web server's phases ({@code DEFAULT_PHASE - 1024} and {@code - 2048}): stopped after them. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(PostgresSupervisor.class);

    private final EmbeddedPostgresServer server;
    private final Duration interval;
    private volatile Thread watcher;

    public PostgresSupervisor(EmbeddedPostgresServer server, Duration interval) {
        this.server = server;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (watcher == null) {
            // A platform thread: a restart blocks for seconds inside zonky's synchronized code, which would
            // pin a virtual thread's carrier on Java 21 (one of two on a 2-core machine).
            watcher = Thread.ofPlatform().daemon().name("postgres-supervisor").start(this::watch);
        }
    }

    /** Stops watching; waits for a restart in progress to end (zonky gives a start up to 10 s). */
    @Override
    public synchronized void stop() {
        Thread running = watcher;
        watcher = null;
        if (running == null) {
            return;
        }
        running.interrupt();
        try {
            running.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return watcher != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            check();
        }
    }

    /** One check: restart the server if its postmaster is gone. */
    void check() {
        if (server.isClosed() || server.isRunning()) {
            return;
        }
        log.error(
                "the embedded PostgreSQL (postmaster {}) on port {} is not running; restarting it on {}",
                server.postmasterPid().stream()
                        .mapToObj(Long::toString)
                        .findFirst()
                        .orElse("?"),
                server.port(),
                server.dataDirectory());
        long started = System.nanoTime();
        try {
            if (server.restart()) {
                log.info(
                        "embedded PostgreSQL back after a restart of {} ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            }
        } catch (IOException | RuntimeException e) {
            log.error("restarting the embedded PostgreSQL failed; trying again in {}", interval, e);
        }
    }
}
