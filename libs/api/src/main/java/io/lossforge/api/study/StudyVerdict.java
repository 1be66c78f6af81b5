package io.lossforge.api.study;

/**
 * A loss against cross-entropy on one task. The paper's verdict reads the mean Δ against the ±0.5-point
 * band; the interval's verdict is SAME only when the 95 % interval of Δ lies inside the band, BETTER or
 * WORSE only when it lies wholly beyond it, otherwise INCONCLUSIVE.
 */
public enum StudyVerdict {
    BETTER,
    SAME,
    WORSE,
    INCONCLUSIVE
}
