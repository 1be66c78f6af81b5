package io.lossforge.api.trial;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * The body of the result report ({@code POST /internal/v1/trials/{trialId}/result}).
 *
 * @param trialId    the trial, as the path names it (optional; must match when sent)
 * @param instanceId the reporting trainer process (its registration's); the orchestrator accepts a report
 *                   only from the trainer the attempt was leased to
 * @param result     how the trial ended
 */
public record TrialResultCallback(
        String trialId, @NotNull UUID instanceId, @NotNull TrialResult result) {}
