package io.lossforge.api.search;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code POST /api/v1/searches/{id}/resume}: continue a FAILED or CANCELLED search from its last
 * complete generation; {@code generations} (optional) adds that many generations to its limit, which
 * also lets a SUCCEEDED search go on.
 */
public record ResumeRequest(
        @Min(1) @Max(MAX_EXTRA_GENERATIONS) Integer generations) {

    /** The most generations one resume may add. */
    public static final int MAX_EXTRA_GENERATIONS = 1000;
}
