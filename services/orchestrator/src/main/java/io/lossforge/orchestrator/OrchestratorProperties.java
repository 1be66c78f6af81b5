package io.lossforge.orchestrator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The orchestrator's configuration ({@code lossforge.orchestrator.*}, environment
 * {@code LOSSFORGE_ORCHESTRATOR_*}).
 *
 * @param home        where local state lives (embedded PostgreSQL data under {@code home/postgres})
 * @param publicUrl   how trainers reach this orchestrator (their callbacks); defaults to localhost:port
 * @param trainers    trainers known from configuration (base URLs); others register themselves
 * @param database    the embedded PostgreSQL used when no {@code spring.datasource.url} is given
 * @param dispatch    how trials are sent to trainers and when leases expire
 */
@Validated
@ConfigurationProperties("lossforge.orchestrator")
public record OrchestratorProperties(
        @NotNull Path home,
        URI publicUrl,
        @DefaultValue List<URI> trainers,
        @Valid @DefaultValue Database database,
        @Valid @DefaultValue Dispatch dispatch) {

    /**
     * @param embedded start a PostgreSQL 17 from bundled binaries (fsync and synchronous commit on)
     * @param port     its port; 0 picks a free one
     */
    public record Database(
            @DefaultValue("true") boolean embedded,
            @DefaultValue("0") @Min(0) @Max(65535) int port) {}

    /**
     * @param interval          how often queued trials are dispatched and leases checked
     * @param timeout           connect/read timeout of one call to a trainer
     * @param maxAttempts       trials of one candidate before it is recorded FAILED
     * @param leaseSlack        added to the estimated training time to form a lease deadline
     * @param minImagesPerSecond pessimistic training speed used to estimate a trial's duration
     * @param trainerExpiry     a registered trainer without heartbeat for this long gets no new trials
     */
    public record Dispatch(
            @DefaultValue("200ms") @NotNull Duration interval,
            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("3") @Min(1) @Max(100) int maxAttempts,
            @DefaultValue("60s") @NotNull Duration leaseSlack,
            @DefaultValue("100") @Min(1) int minImagesPerSecond,
            @DefaultValue("60s") @NotNull Duration trainerExpiry) {}
}
