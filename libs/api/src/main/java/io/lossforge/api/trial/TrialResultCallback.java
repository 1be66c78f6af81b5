package io.lossforge.api.trial;

import jakarta.validation.constraints.NotNull;

/**
 * The body of the result callback ({@code {callbackUrl}/result}). The trainer always sends both fields;
 * the orchestrator requires only {@code result} (the path names the trial).
 */
public record TrialResultCallback(String trialId, @NotNull TrialResult result) {}
