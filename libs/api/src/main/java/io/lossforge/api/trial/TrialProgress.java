package io.lossforge.api.trial;

import java.util.UUID;

/**
 * The body of the progress report ({@code POST /internal/v1/trials/{trialId}/progress}), posted after each
 * epoch.
 *
 * @param instanceId the reporting trainer process; progress from any other trainer than the attempt's is
 *                   refused
 */
public record TrialProgress(String trialId, UUID instanceId, EpochReport epoch) {}
