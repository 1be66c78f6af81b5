package io.lossforge.trainer.trial;

import io.lossforge.api.problem.Echo;
import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemException;
import java.util.List;

/** The ways a trial request can be refused; each is one {@link ProblemType} of the shared convention. */
final class TrialProblems {

    private TrialProblems() {}

    /** 400: the request is well-formed JSON but not a valid trial. */
    static ProblemException invalid(List<FieldError> errors) {
        return ProblemException.invalid(errors);
    }

    /** 429: every slot is busy (answered with {@code Retry-After}, see {@link ProblemHandler}). */
    static final class SlotsBusy extends ProblemException {
        SlotsBusy(int slots) {
            super(ProblemType.SLOTS_BUSY, "all " + slots + " training slot(s) are busy");
        }
    }

    /** 503: the trainer is draining before it exits. */
    static ProblemException shuttingDown() {
        return new ProblemException(ProblemType.SHUTTING_DOWN, "this trainer is shutting down");
    }

    /** 404. */
    static ProblemException notFound(String trialId) {
        return new ProblemException(
                ProblemType.TRIAL_NOT_FOUND, "no trial '" + Echo.limit(trialId) + "' on this trainer");
    }

    /** 409: the trial id exists with different content, or the trial already ended. */
    static ProblemException conflict(String message) {
        return new ProblemException(ProblemType.TRIAL_CONFLICT, message);
    }
}
