package io.lossforge.trainer;

import io.lossforge.web.metrics.ProcessMemoryMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Meters beyond Spring Boot's defaults that the Grafana dashboards (monitoring/grafana/) chart for every
 * service: the process's resident memory beside the JVM's own pools.
 */
@Configuration
class MonitoringConfiguration {

    @Bean
    ProcessMemoryMetrics processMemoryMetrics() {
        return new ProcessMemoryMetrics();
    }
}
