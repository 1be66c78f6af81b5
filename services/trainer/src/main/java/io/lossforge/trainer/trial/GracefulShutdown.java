package io.lossforge.trainer.trial;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * What the trainer does on SIGTERM (Kubernetes' way of asking a pod to go): stop accepting trials (503
 * {@code shutting-down}), cancel the running ones with reason SHUTDOWN, deliver their reports
 * synchronously, deregister from the orchestrator, all within the shutdown phase timeout ({@code
 * spring.lifecycle.timeout-per-shutdown-phase}, kept below the pod's grace period). Its phase is the
 * highest, so it stops first, while the web server still answers and the callback client still runs.
 */
@Component
class GracefulShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final TrialService trials;
    private final CallbackClient callbacks;
    private final OrchestratorRegistration registration;
    private final Duration budget;
    private volatile boolean running;

    GracefulShutdown(
            TrialService trials,
            CallbackClient callbacks,
            OrchestratorRegistration registration,
            @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout) {
        this.trials = trials;
        this.callbacks = callbacks;
        this.registration = registration;
        // Leave a margin of the phase for deregistration and the remaining shutdown.
        this.budget = phaseTimeout.multipliedBy(8).dividedBy(10);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        Instant deadline = Instant.now().plus(budget);
        try {
            List<TrialRecord> pending = trials.drain(budget.dividedBy(2));
            log.info("shutting down: delivering {} result(s)", pending.size());
            for (TrialRecord record : pending) {
                callbacks.deliverNow(record, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            registration.deregister();
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
