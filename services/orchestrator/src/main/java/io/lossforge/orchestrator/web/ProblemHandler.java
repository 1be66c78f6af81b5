package io.lossforge.orchestrator.web;

import io.lossforge.loss.InvalidLossException;
import io.lossforge.orchestrator.search.SearchProblems;
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
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem+json for every refusal of the orchestrator's API, each kind with a stable
 * {@code type} ({@code urn:lossforge:problem:<kind>}); invalid requests list their fields in {@code errors}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static ProblemDetail problem(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:lossforge:problem:" + kind));
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail invalid(String detail, List<SearchProblems.FieldError> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(SearchProblems.InvalidSearch.class)
    ProblemDetail invalidSearch(SearchProblems.InvalidSearch e) {
        return invalid(e.getMessage(), e.errors());
    }

    @ExceptionHandler(SearchProblems.InvalidInput.class)
    ProblemDetail invalidInput(SearchProblems.InvalidInput e) {
        return invalid(e.getMessage(), List.of(e.error()));
    }

    @ExceptionHandler(InvalidLossException.class)
    ProblemDetail invalidLoss(InvalidLossException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-expression", "Invalid loss expression",
                e.getMessage());
        problem.setProperty("errors", List.of(new SearchProblems.FieldError("expression", e.getMessage())));
        if (e.position() >= 0) {
            problem.setProperty("position", e.position());
        }
        return problem;
    }

    @ExceptionHandler(SearchProblems.NotFound.class)
    ProblemDetail notFound(SearchProblems.NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(SearchProblems.Conflict.class)
    ProblemDetail conflict(SearchProblems.Conflict e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalid(e.getName() + " is not a valid value: " + e.getValue(),
                List.of(new SearchProblems.FieldError(e.getName(), "is not a valid value")));
    }

    /** Anything unforeseen: still a problem document, and the cause in the log, not in the answer. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        logger.error("unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the orchestrator failed unexpectedly; the log has the details");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            org.springframework.http.converter.HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid("the request body is not valid JSON of the expected shape",
                List.of(new SearchProblems.FieldError("body", "is not valid JSON of the expected shape"))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid("the parameter " + ex.getParameterName() + " is required",
                List.of(new SearchProblems.FieldError(ex.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<SearchProblems.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new SearchProblems.FieldError(f.getField(), f.getDefaultMessage())).toList();
        return ResponseEntity.badRequest().body(invalid("the request has invalid fields", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<SearchProblems.FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> new SearchProblems.FieldError(
                        r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid("the request has invalid parameters", errors));
    }
}
