package io.lossforge.trainer.trial;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of the liveness probe ({@code /actuator/health/liveness}): DOWN when a slot's trial made no
 * progress (no batch trained or evaluated, no dataset loaded) for {@code lossforge.trainer.stall-timeout}
 * (default 5 min): a wedged engine call that only a restart ends. Kubernetes then restarts the pod.
 */
@Component("slotProgress")
class SlotProgressHealth implements HealthIndicator {

    private final Supplier<List<TrialRecord>> running;
    private final Duration stallTimeout;
    private final LongSupplier nanoTime;

    @Autowired
    SlotProgressHealth(TrialService trials, @Value("${lossforge.trainer.stall-timeout:5m}") Duration stallTimeout) {
        this(trials::running, stallTimeout, System::nanoTime);
    }

    SlotProgressHealth(Supplier<List<TrialRecord>> running, Duration stallTimeout, LongSupplier nanoTime) {
        this.running = running;
        this.stallTimeout = stallTimeout;
        this.nanoTime = nanoTime;
    }

    @Override
    public Health health() {
        long now = nanoTime.getAsLong();
        List<String> stalled = running.get().stream()
                .filter(r -> now - r.lastProgressNanos() > stallTimeout.toNanos())
                .map(TrialRecord::id)
                .toList();
        return stalled.isEmpty()
                ? Health.up().build()
                : Health.down()
                        .withDetail("stalled", stalled)
                        .withDetail("stallTimeout", stallTimeout.toString())
                        .build();
    }
}
