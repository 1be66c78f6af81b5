package io.lossforge.api.trainer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /internal/v1/trainers}: a trainer announces its base URL (as the orchestrator can reach it)
 * and how many trials it trains at once.
 */
public record TrainerRegistration(
        @NotBlank @Pattern(regexp = "https?://\\S+") String url,
        @NotNull @Min(1) @Max(MAX_SLOTS) Integer slots) {

    /** The most slots one trainer may announce. */
    public static final int MAX_SLOTS = 256;
}
