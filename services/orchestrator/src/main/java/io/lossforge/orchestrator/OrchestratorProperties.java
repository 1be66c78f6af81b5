package io.lossforge.orchestrator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
 * @param trainers    trainers known from configuration (base URLs); others register themselves
 * @param database    the embedded PostgreSQL used when no {@code spring.datasource.url} is given
 * @param dispatch    how attempts are sent to trainers
 * @param liveness    when trainers and attempts are given up
 * @param quarantine  when a failing trainer is taken out of rotation
 * @param security    who may call what: API keys, the internal channel, the metrics scrape
 * @param limits      how much one request or one API key may ask for
 */
@Validated
@ConfigurationProperties("lossforge.orchestrator")
public record OrchestratorProperties(
        @NotNull Path home,
        @DefaultValue List<URI> trainers,
        @Valid @DefaultValue Database database,
        @Valid @DefaultValue Dispatch dispatch,
        @Valid @DefaultValue Liveness liveness,
        @Valid @DefaultValue Quarantine quarantine,
        @Valid @DefaultValue Security security,
        @Valid @DefaultValue Limits limits) {

    /**
     * @param embedded start a PostgreSQL 17 from bundled binaries (fsync and synchronous commit on)
     * @param port     its port; 0 picks a free one
     */
    public record Database(
            @DefaultValue("true") boolean embedded,
            @DefaultValue("0") @Min(0) @Max(65535) int port) {}

    /**
     * @param interval    the safety-net period of the dispatch and engine loops (they are woken by events)
     * @param timeout     connect/read timeout of one call to a trainer
     * @param maxAttempts infrastructure failures of one evaluation before it is UNEVALUATED
     * @param sendThreads concurrent trial requests to trainers (virtual threads)
     * @param replicaId   names this replica in the attempts it claims; defaults to host name + pid
     */
    public record Dispatch(
            @DefaultValue("1s") @NotNull Duration interval,
            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("4") @Min(1) @Max(100) int maxAttempts,
            @DefaultValue("64") @Min(1) @Max(4096) int sendThreads,
            String replicaId) {}

    /**
     * How a trainer or an attempt is found dead (db-scheduler's ratio: lost after ≈ 6 missed beats).
     *
     * @param heartbeat     the heartbeat period trainers are told to use
     * @param lostAfter     a trainer without heartbeat this long is LOST; its attempts are re-queued
     * @param stallTimeout  a running attempt whose progress has not grown this long is expired and cancelled
     * @param acceptTimeout a sent attempt that neither its answer nor a heartbeat confirmed this long is expired
     * @param pruneAfter    LOST trainers without live attempts are deleted after this long
     */
    public record Liveness(
            @DefaultValue("3s") @NotNull Duration heartbeat,
            @DefaultValue("20s") @NotNull Duration lostAfter,
            @DefaultValue("5m") @NotNull Duration stallTimeout,
            @DefaultValue("15s") @NotNull Duration acceptTimeout,
            @DefaultValue("24h") @NotNull Duration pruneAfter) {}

    /**
     * The circuit breaker of a trainer whose attempts keep failing (state in the database, so replicas
     * agree and a restart remembers).
     *
     * @param failures    consecutive failed attempts, on distinct evaluations, that quarantine a trainer
     * @param duration    the first quarantine; each further one lasts twice as long
     * @param maxDuration the longest quarantine
     */
    public record Quarantine(
            @DefaultValue("3") @Min(1) int failures,
            @DefaultValue("30s") @NotNull Duration duration,
            @DefaultValue("10m") @NotNull Duration maxDuration) {}

    /**
     * Closed by default (docs/security.md): without API keys every {@code /api} call is refused, without the
     * internal token no trainer can register or report, without the scrape token the metrics are refused.
     *
     * @param apiKeys       the accepted API keys, by name, role and SHA-256 (never the key itself); rotation
     *                      is adding the new key and removing the old one
     * @param internalToken the secret trainers and the orchestrator share (≥ 32 characters): trainers present
     *                      it on the internal channel, the orchestrator on the trainers' trial API
     * @param scrapeToken   the secret Prometheus presents for {@code /actuator/prometheus} and {@code
     *                      /actuator/metrics} (≥ 32 characters)
     * @param internalPort  the port of the internal channel ({@code /internal/**}, nothing else); 0 picks a
     *                      free one
     */
    public record Security(
            @DefaultValue List<@Valid ApiKey> apiKeys,
            @Size(min = 32, max = 512) String internalToken,
            @Size(min = 32, max = 512) String scrapeToken,
            @DefaultValue("8090") @Min(0) @Max(65535) int internalPort) {}

    /**
     * @param name   names the key in logs, in {@code createdBy} of searches and in the per-key limit
     * @param role   {@code viewer} (reads and loss computations) or {@code operator} (also starts, cancels and
     *               resumes searches)
     * @param sha256 the lower-case hex SHA-256 of the key ({@code ./lossforge key} prints both)
     */
    public record ApiKey(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}")
            String name,

            @NotNull io.lossforge.orchestrator.security.ApiRole role,

            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hexadecimal digits")
            String sha256) {}

    /**
     * @param maxBody               the largest request body accepted (413 beyond)
     * @param runningSearchesPerKey searches one API key may have queued or running at once (429 beyond)
     */
    public record Limits(
            @DefaultValue("1MB") @NotNull org.springframework.util.unit.DataSize maxBody,
            @DefaultValue("8") @Min(1) @Max(10_000) int runningSearchesPerKey) {}
}
