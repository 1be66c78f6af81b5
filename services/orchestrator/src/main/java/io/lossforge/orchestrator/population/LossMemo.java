package io.lossforge.orchestrator.population;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded, thread-safe memo of a pure function of a loss, keyed by the loss hash every candidate and
 * evaluation row carries (least recently used entries go first). The value is computed outside the lock:
 * two threads may compute the same one, and both results are equal.
 */
final class LossMemo<V> {

    private final Map<String, V> entries;

    LossMemo(int capacity) {
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the value of {@code hash} is known (it may still be evicted before it is read). */
    boolean contains(String hash) {
        synchronized (entries) {
            return entries.containsKey(hash);
        }
    }

    V get(String hash, Supplier<V> compute) {
        synchronized (entries) {
            V known = entries.get(hash);
            if (known != null) {
                return known;
            }
        }
        V computed = compute.get();
        synchronized (entries) {
            entries.put(hash, computed);
        }
        return computed;
    }
}
