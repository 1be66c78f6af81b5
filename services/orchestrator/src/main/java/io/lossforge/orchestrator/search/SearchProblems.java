package io.lossforge.orchestrator.search;

import java.util.List;

/** Refusals of the search API; each maps to one problem type in the web layer. */
public final class SearchProblems {

    private SearchProblems() {
    }

    /** One rejected request field: JSON path and what is wrong. */
    public record FieldError(String field, String message) {
    }

    /** 400: a well-formed request that is not a valid search. */
    public static final class InvalidSearch extends RuntimeException {
        private final List<FieldError> errors;

        InvalidSearch(List<FieldError> errors) {
            super(errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse("invalid"));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** 400 for a single field of a request whose shape is fine but whose content is not. */
    public static final class InvalidInput extends RuntimeException {
        private final FieldError error;

        public InvalidInput(String field, String message) {
            super(field + ": " + message);
            this.error = new FieldError(field, message);
        }

        public FieldError error() {
            return error;
        }
    }

    /** 404. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String what) {
            super(what);
        }
    }

    /** 409: the search already ended. */
    public static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }
}
