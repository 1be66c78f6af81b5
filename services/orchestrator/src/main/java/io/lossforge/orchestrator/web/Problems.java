package io.lossforge.orchestrator.web;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemException;
import java.util.List;

/**
 * Refusals of the orchestrator's API; each is one {@link ProblemType} of the shared problem convention.
 * Every feature package throws these, so they live here, in the package that depends on none.
 */
public final class Problems {

    private Problems() {}

    /** 400: a well-formed request that is not a valid search. */
    public static ProblemException invalidSearch(List<FieldError> errors) {
        return ProblemException.invalid(errors);
    }

    /** 400 for a single field of a request whose shape is fine but whose content is not. */
    public static final class InvalidInput extends ProblemException {
        public InvalidInput(String field, String message) {
            super(ProblemType.INVALID_REQUEST, field + ": " + message, List.of(new FieldError(field, message)));
        }
    }

    /** 404. */
    public static final class NotFound extends ProblemException {
        public NotFound(String what) {
            super(ProblemType.NOT_FOUND, what);
        }
    }

    /** 409: the request does not fit the state of what it names (a search that already ended). */
    public static final class Conflict extends ProblemException {
        public Conflict(String message) {
            super(ProblemType.CONFLICT, message);
        }
    }
}
