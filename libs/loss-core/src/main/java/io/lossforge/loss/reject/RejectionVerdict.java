package io.lossforge.loss.reject;

import java.util.Objects;

/**
 * The outcome of the {@link RejectionProtocol} for one loss: accepted, or rejected because the error
 * rate did not fall enough or because a value or gradient was not finite; the error rates at the start
 * and the end of the optimisation; the number of Adam steps taken; and one sentence saying what was seen.
 *
 * @param outcome what the protocol decided
 * @param initialErrorRate fraction of probe rows (0..1) whose label is not the strict argmax of the
 *     initial logits
 * @param finalErrorRate the same fraction at the last logits reached: after every step, or, for
 *     {@link Outcome#NON_FINITE}, where the optimisation stopped
 * @param steps Adam updates applied before the decision (all of them unless non-finite)
 * @param detail one sentence for logs and APIs
 */
public record RejectionVerdict(
        Outcome outcome, double initialErrorRate, double finalErrorRate, int steps, String detail) {

    /** What the protocol decided. Stable codes: meant to be stored and shown. */
    public enum Outcome {
        /** The error rate fell by at least the protocol's margin. */
        ACCEPTED,
        /** The error rate did not fall by the margin (it stayed, rose, or fell too little). */
        NO_IMPROVEMENT,
        /** The loss or a gradient entry was NaN or infinite at some point visited. */
        NON_FINITE
    }

    public RejectionVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative, got " + steps);
        }
    }

    /** Whether the loss was rejected (for any reason). */
    public boolean rejected() {
        return outcome != Outcome.ACCEPTED;
    }

    /** {@code ACCEPTED} or {@code REJECTED(REASON)}, as screening verdicts are labelled. */
    public String label() {
        return rejected() ? "REJECTED(" + outcome + ")" : "ACCEPTED";
    }
}
