package io.lossforge.cli;

import tools.jackson.databind.JsonNode;

/**
 * A call to the orchestrator failed: it could not be reached, did not answer in time, refused the request
 * (HTTP 4xx) or failed (HTTP 5xx). Reported by {@link ErrorReporter} as one line with {@link #exitCode()}:
 * 2 when the request was refused (the user can fix it), 5 when the server is unreachable or broken.
 */
final class ApiException extends RuntimeException {

    private final int exitCode;
    private final int status;
    private final transient JsonNode body;

    /**
     * @param exitCode the process exit code
     * @param status   the HTTP status of the response, 0 when there was none
     * @param body     the response body when it was JSON, otherwise null
     * @param message  the complete one-line message, without the "lossforge: " prefix
     */
    ApiException(int exitCode, int status, JsonNode body, String message) {
        // No stack trace, as for InputException: it is never printed.
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.status = status;
        this.body = body;
    }

    /** A failure without a response: the orchestrator could not be reached or did not answer. */
    static ApiException unreachable(String message) {
        return new ApiException(LossForgeCli.SERVER_FAILED, 0, null, message);
    }

    int exitCode() {
        return exitCode;
    }

    /** The HTTP status of the response, or 0 when the orchestrator did not answer. */
    int status() {
        return status;
    }

    /** The JSON body of the error response (e.g. a problem or a DOWN health report), or null. */
    JsonNode body() {
        return body;
    }
}
