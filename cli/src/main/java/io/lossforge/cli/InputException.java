package io.lossforge.cli;

/**
 * The user's input cannot be used: an invalid expression, malformed JSON, labels that do not fit the
 * logits. Reported by {@link ErrorReporter} as one line with exit code 2; the message must be a complete
 * sentence that names the offending option or argument.
 */
final class InputException extends RuntimeException {

    InputException(String message) {
        // No stack trace: it is never printed, and input errors are expected, not exceptional.
        super(message, null, false, false);
    }
}
