package io.lossforge.api.trial;

/** The body of the progress callback ({@code {callbackUrl}/progress}), posted after each epoch. */
public record TrialProgress(String trialId, EpochReport epoch) {}
