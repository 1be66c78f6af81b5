package io.lossforge.trainer.trial;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem+json for every refusal, each kind with a stable {@code type}
 * ({@code urn:lossforge:problem:<kind>}); invalid requests list their fields in {@code errors}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    /** Seconds a client should wait after 429 before trying this trainer again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static ProblemDetail problem(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:lossforge:problem:" + kind));
        problem.setTitle(title);
        return problem;
    }

    @ExceptionHandler(TrialProblems.InvalidTrial.class)
    ProblemDetail invalid(TrialProblems.InvalidTrial e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid trial request", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(TrialProblems.SlotsBusy.class)
    ResponseEntity<ProblemDetail> busy(TrialProblems.SlotsBusy e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "slots-busy", "Trainer busy", e.getMessage()));
    }

    @ExceptionHandler(TrialProblems.NotFound.class)
    ProblemDetail notFound(TrialProblems.NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "trial-not-found", "Trial not found", e.getMessage());
    }

    @ExceptionHandler(TrialProblems.Conflict.class)
    ProblemDetail conflict(TrialProblems.Conflict e) {
        return problem(HttpStatus.CONFLICT, "trial-conflict", "Trial conflict", e.getMessage());
    }

    /** Unreadable JSON or a body of the wrong shape, as the same {@code errors} list. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            org.springframework.http.converter.HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(new TrialProblems.InvalidTrial(
                List.of(new TrialProblems.FieldError("body", "is not valid JSON of the expected shape")))));
    }

    /** Bean Validation failures of the request body, as the same {@code errors} list. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<TrialProblems.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new TrialProblems.FieldError(f.getField(), f.getDefaultMessage())).toList();
        return ResponseEntity.badRequest().body(invalid(new TrialProblems.InvalidTrial(errors)));
    }
}
