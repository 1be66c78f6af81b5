package io.lossforge.orchestrator.work;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background loop woken by signals (coalesced: ten signals while it works cause one more pass), with a
 * periodic pass as a safety net — the way db-scheduler's "immediate check for due executions" sits beside
 * its polling. Each pass gets the keys signalled since the last one (empty on a periodic pass). A pass
 * that throws is logged and the loop goes on: a background loop never dies. A subclass is the loop: it
 * says what a pass does, and its thread starts and stops with the application context.
 *
 * @param <K> what a signal names (a search id), or {@link Boolean} for plain wake-ups
 */
public abstract class SignalledLoop<K> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SignalledLoop.class);

    private final String name;
    private final Duration safetyInterval;
    private final Semaphore wake = new Semaphore(0);
    private final Set<K> pending = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private volatile boolean running;

    protected SignalledLoop(String name, Duration safetyInterval) {
        this.name = name;
        this.safetyInterval = safetyInterval;
    }

    /** One pass; {@code signalled} holds the keys signalled since the last one (empty on a periodic pass). */
    protected abstract void pass(Set<K> signalled);

    /** Asks for a pass soon, naming {@code key} (null: just wake up). */
    public final void signal(K key) {
        if (key != null) {
            pending.add(key);
        }
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(safetyInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                Set<K> keys = Set.copyOf(pending);
                pending.removeAll(keys);
                if (running) {
                    pass(keys);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("{} pass failed, next pass soon: {}", name, e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(Math.min(1000, safetyInterval.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    @Override
    public final void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }
}
