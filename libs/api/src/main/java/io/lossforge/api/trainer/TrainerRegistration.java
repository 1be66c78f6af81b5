package io.lossforge.api.trainer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/**
 * {@code POST /internal/v1/trainers}: a trainer announces its base URL (as the orchestrator can reach it)
 * and how many trials it trains at once. {@code instanceId} is new for every trainer process: the same
 * URL with a new instance id means the old process is gone (absent from a round-1 trainer).
 */
public record TrainerRegistration(
        @NotBlank @Pattern(regexp = "https?://\\S+") String url,
        @NotNull @Min(1) @Max(MAX_SLOTS) Integer slots,
        UUID instanceId) {

    /** The most slots one trainer may announce. */
    public static final int MAX_SLOTS = 256;

    /** A registration without an instance id (the round-1 shape). */
    public TrainerRegistration(String url, Integer slots) {
        this(url, slots, null);
    }
}
