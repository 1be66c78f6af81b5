package io.lossforge.orchestrator.database;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code database}: DOWN while {@link DatabaseAvailability} sees an outage. It belongs to
 * the readiness group only (application.yaml): an orchestrator waiting for its database should get no
 * traffic, but must not be restarted, since it recovers by itself once the database is back (liveness stays
 * UP). Costs no query: it reports what the orchestrator's own database actions saw.
 */
@Component
class DatabaseHealthIndicator implements HealthIndicator {

    private final DatabaseAvailability availability;

    DatabaseHealthIndicator(DatabaseAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Health health() {
        return availability
                .downSince()
                .map(since -> Health.down()
                        .withDetail("downSince", since.toString())
                        .withDetail("failure", availability.lastFailure())
                        .build())
                .orElseGet(() -> Health.up()
                        .withDetail("healthySince", availability.healthySince().toString())
                        .build());
    }
}
