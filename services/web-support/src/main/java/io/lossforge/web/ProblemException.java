package io.lossforge.web;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A refusal a service throws on purpose; {@link ProblemAdvice} answers it as a problem of its {@link
 * ProblemType}, with {@code errors} when there are any. The message becomes {@code detail} (cut to the
 * echo limit), so it may quote user input.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    /** An {@code invalid-request} refusal of the listed fields; the detail joins them. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(ProblemType.INVALID_REQUEST, joined(errors), errors);
    }

    /** An {@code invalid-request} refusal of one field. */
    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /**
     * How long the client should wait before trying again, answered as {@code Retry-After} (whole seconds) by
     * {@link ProblemAdvice}; none by default. Refusals that pass with time (503, 429) override it.
     */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    private static String joined(List<FieldError> errors) {
        return errors.stream()
                .map(e -> e.field() + " " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid");
    }
}
