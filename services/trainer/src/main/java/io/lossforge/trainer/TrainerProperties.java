package io.lossforge.trainer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The trainer's configuration ({@code lossforge.trainer.*}, environment {@code LOSSFORGE_TRAINER_*}).
 *
 * @param dataRoot       where datasets, npm packages and caches live (never a path from a request)
 * @param slots          trials trained at the same time; further requests get 429
 * @param threadsPerSlot PyTorch intra-op threads (process-wide; 1 keeps shared CPUs steady)
 * @param retainedTrials finished trials kept in memory for GET after their result is delivered
 * @param callback       delivery of progress and results to the caller
 * @param orchestratorUrl the orchestrator's internal channel (its internal port, e.g. {@code http://orchestrator:8090});
 *                       when set, the trainer registers there, sends heartbeats and reports every trial there
 *                       (and nowhere else)
 * @param publicUrl      how the orchestrator reaches this trainer; defaults to http://127.0.0.1:port
 * @param stub           the stub mode (profile {@code stub}): synthetic results instead of DJL training
 * @param security       the credentials it accepts and presents
 * @param limits         how much one request may ask for
 */
@Validated
@ConfigurationProperties("lossforge.trainer")
public record TrainerProperties(
        @NotNull Path dataRoot,
        @DefaultValue("1") @Min(1) @Max(256) int slots,
        @DefaultValue("1") @Min(1) @Max(64) int threadsPerSlot,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int retainedTrials,
        @Valid @DefaultValue Callback callback,
        java.net.URI orchestratorUrl,
        java.net.URI publicUrl,
        @Valid @DefaultValue Stub stub,
        @Valid @DefaultValue Security security,
        @Valid @DefaultValue Limits limits) {

    /**
     * Closed by default (docs/security.md): without the internal token the trial API refuses everything.
     *
     * @param internalToken the secret shared with the orchestrator (≥ 32 characters): required on this
     *                      trainer's {@code /api/**}, presented on every call to the orchestrator
     * @param scrapeToken   the secret Prometheus presents for {@code /actuator/prometheus} and {@code
     *                      /actuator/metrics}
     */
    public record Security(
            @jakarta.validation.constraints.Size(min = 32, max = 512)
            String internalToken,

            @jakarta.validation.constraints.Size(min = 32, max = 512)
            String scrapeToken) {}

    /** @param maxBody the largest request body accepted (413 beyond) */
    public record Limits(@DefaultValue("256KB") @NotNull org.springframework.util.unit.DataSize maxBody) {}

    /**
     * A trainer without DJL for orchestrator tests and benchmarks: each trial takes {@code steps} steps of
     * {@code delay / steps} (progress after each, so a paused process does not finish a trial), any
     * dataset is accepted, and the fitness is a deterministic function of the loss and task.
     *
     * @param enabled     on with {@code --spring.profiles.active=stub}
     * @param delay       how long one trial takes
     * @param steps       progress steps per trial
     * @param failure     when set, trials fail with this kind at {@code failureRate}
     * @param failureRate the share of trials that fail (decided by the trial id, so deterministic)
     */
    public record Stub(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("2s") @NotNull Duration delay,
            @DefaultValue("20") @Min(1) @Max(100_000) int steps,
            io.lossforge.api.trial.FailureKind failure,

            @DefaultValue("0")
            @jakarta.validation.constraints.DecimalMin("0")
            @jakarta.validation.constraints.DecimalMax("1")
            double failureRate) {}

    /**
     * @param timeout        connect and read timeout of one delivery attempt
     * @param maxAttempts    attempts to deliver a final result before giving up (it stays readable by GET)
     * @param initialBackoff wait before the second attempt; doubled after each failure
     * @param maxBackoff     the longest wait between attempts
     */
    public record Callback(
            @DefaultValue("5s") @NotNull Duration timeout,
            @DefaultValue("10") @Min(1) @Max(1000) int maxAttempts,
            @DefaultValue("500ms") @NotNull Duration initialBackoff,
            @DefaultValue("30s") @NotNull Duration maxBackoff) {}
}
