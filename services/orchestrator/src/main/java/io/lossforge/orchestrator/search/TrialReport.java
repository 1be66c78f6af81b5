package io.lossforge.orchestrator.search;

import java.util.List;
import java.util.Map;

/**
 * A trainer's final result for a trial, as posted to {@code /internal/v1/trials/{id}/result} (field names
 * of the trainer's {@code TrialResult}). {@code outcome}: SUCCEEDED, DIVERGED, FAILED or CANCELLED.
 */
public record TrialReport(
        String outcome,
        Double validationAccuracy,
        Double validationLoss,
        Double testAccuracy,
        Double meanConfidence,
        List<Map<String, Object>> epochs,
        Double imagesPerSecond,
        Double wallSeconds,
        String message) {
}
