package io.lossforge.loss.screen;

import java.util.Objects;

/**
 * The outcome of screening a loss: accepted, or rejected with a {@link RejectionReason} and a sentence
 * saying what was observed.
 */
public record Verdict(RejectionReason reason, String detail) {

    private static final Verdict ACCEPTED = new Verdict(null, "passes every screen");

    public Verdict {
        Objects.requireNonNull(detail, "detail");
    }

    public static Verdict accepted() {
        return ACCEPTED;
    }

    public static Verdict rejected(RejectionReason reason, String detail) {
        return new Verdict(Objects.requireNonNull(reason, "reason"), detail);
    }

    public boolean isAccepted() {
        return reason == null;
    }

    /** {@code ACCEPTED} or {@code REJECTED(REASON)}, the vocabulary used in logs and APIs. */
    public String label() {
        return isAccepted() ? "ACCEPTED" : "REJECTED(" + reason + ")";
    }
}
