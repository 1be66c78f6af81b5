package io.lossforge.orchestrator;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link Clock} of the orchestrator (UTC): leases, heartbeats, outages and timestamps written to the
 * database all read it, so that a test can replace it with a fixed or stepping clock.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
