package io.lossforge.orchestrator.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What happened to attempts beyond a plain result (Prometheus names): infrastructure failures after which
 * the evaluation was queued again ({@code lossforge_attempts_retried_total{ending}}), attempts the
 * orchestrator gave up on itself — trainer lost, stalled, unconfirmed ({@code
 * lossforge_attempts_expired_total{ending}}), reports that arrived after their attempt had ended ({@code
 * lossforge_reports_late_total}) and reports refused as forged or impossible ({@code
 * lossforge_reports_refused_total{reason}}).
 *
 * <p>Every series is registered at zero at start-up (the label values are the closed {@link
 * AttemptEnding} set): Prometheus' {@code rate} ignores a series' first sample, so a counter born at 1
 * would hide the first retry a dashboard is there to show.
 */
@Component
class AttemptMetrics {

    private final Map<AttemptEnding, Counter> retried = new EnumMap<>(AttemptEnding.class);
    private final Map<AttemptEnding, Counter> expired = new EnumMap<>(AttemptEnding.class);
    private final Counter late;
    private final Counter implausible;
    private final Counter foreign;

    AttemptMetrics(MeterRegistry registry) {
        for (AttemptEnding ending : AttemptEnding.values()) {
            retried.put(
                    ending,
                    Counter.builder("lossforge.attempts.retried")
                            .tag("ending", ending.name())
                            .description(
                                    "attempts ended by an infrastructure failure whose evaluation was queued again")
                            .register(registry));
            expired.put(
                    ending,
                    Counter.builder("lossforge.attempts.expired")
                            .tag("ending", ending.name())
                            .description("live attempts the orchestrator gave up (trainer lost, stalled, unconfirmed)")
                            .register(registry));
        }
        late = Counter.builder("lossforge.reports.late")
                .description("final reports on attempts that had already ended: stored, never ranked")
                .register(registry);
        implausible = refused(registry, "implausible");
        foreign = refused(registry, "foreign");
    }

    private static Counter refused(MeterRegistry registry, String reason) {
        return Counter.builder("lossforge.reports.refused")
                .tag("reason", reason)
                .description(
                        "trial reports refused: figures that cannot be true, or a sender the attempt was not leased to")
                .register(registry);
    }

    void retried(AttemptEnding ending) {
        retried.get(ending).increment();
    }

    void expired(AttemptEnding ending) {
        expired.get(ending).increment();
    }

    void late() {
        late.increment();
    }

    /** A report whose figures cannot be true ({@link ReportPlausibility}). */
    void implausible() {
        implausible.increment();
    }

    /** A report from a process the attempt was not leased to. */
    void foreign() {
        foreign.increment();
    }
}
