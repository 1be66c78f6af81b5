package io.lossforge.api.trial;

import jakarta.validation.constraints.NotNull;

/** What kind of failure ended a {@link TrialOutcome#FAILED} trial, and the engine's own words. */
public record TrialFailure(@NotNull FailureKind kind, String detail) {}
