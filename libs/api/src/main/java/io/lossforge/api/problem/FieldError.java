package io.lossforge.api.problem;

/**
 * One rejected field or parameter of a request, in the {@code errors} list of an {@code invalid-request}
 * or {@code invalid-expression} problem: the JSON path of the field ({@code task.epochs}) or the parameter
 * name, and what is wrong with it. The message never quotes more than {@link Echo#MAX_CHARS} characters
 * of the input.
 */
public record FieldError(String field, String message) {

    public FieldError {
        message = Echo.limit(message);
    }
}
