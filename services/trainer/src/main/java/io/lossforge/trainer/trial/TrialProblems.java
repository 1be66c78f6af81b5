package io.lossforge.trainer.trial;

import java.util.List;

/** The ways a trial request can be refused; each maps to one problem type (see {@link ProblemHandler}). */
final class TrialProblems {

    private TrialProblems() {
    }

    /** One rejected request field: JSON path and what is wrong. */
    record FieldError(String field, String message) {
    }

    /** 400: the request is well-formed JSON but not a valid trial. */
    static final class InvalidTrial extends RuntimeException {
        private final List<FieldError> errors;

        InvalidTrial(List<FieldError> errors) {
            super(errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse("invalid"));
            this.errors = List.copyOf(errors);
        }

        List<FieldError> errors() {
            return errors;
        }
    }

    /** 429: every slot is busy. */
    static final class SlotsBusy extends RuntimeException {
        SlotsBusy(int slots) {
            super("all " + slots + " training slot(s) are busy");
        }
    }

    /** 404. */
    static final class NotFound extends RuntimeException {
        NotFound(String trialId) {
            super("no trial '" + trialId + "' on this trainer");
        }
    }

    /** 409: the trial id exists with different content, or the trial already ended. */
    static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }
}
