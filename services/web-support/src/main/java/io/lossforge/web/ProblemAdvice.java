package io.lossforge.web;

import io.lossforge.api.problem.Echo;
import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import io.lossforge.loss.InvalidLossException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one problem convention of both services, as RFC 9457 problem+json: every refusal has a stable
 * {@link ProblemType} URI and title; invalid fields and parameters are listed as {@link FieldError}s;
 * anything unforeseen is a 500 {@code internal-error} whose answer says nothing about internals (the log
 * has the cause); and no {@code detail} or error message quotes more than {@link Echo#MAX_CHARS}
 * characters of what the client sent. Each service has one {@code @RestControllerAdvice} extending this.
 */
public abstract class ProblemAdvice extends ResponseEntityExceptionHandler {

    /** A problem of {@code type} with {@code detail} cut to the echo limit. */
    public static ProblemDetail problem(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(type.status()), Echo.limit(detail));
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    /**
     * Sets {@code instance} to the request path, cut to the echo limit (Spring would set the whole path,
     * and a path can be 10 kB of user input).
     */
    public static ProblemDetail at(ProblemDetail problem, HttpServletRequest request) {
        String path = Echo.limit(request.getRequestURI());
        try {
            problem.setInstance(URI.create(path.endsWith("…") ? path.substring(0, path.length() - 1) + "..." : path));
        } catch (IllegalArgumentException cutInsideAnEscape) {
            problem.setInstance(URI.create(request.getServletPath().isEmpty() ? "/" : "/..."));
        }
        return problem;
    }

    /** An {@code invalid-request} problem listing {@code errors}. */
    public static ProblemDetail invalid(String detail, List<FieldError> errors) {
        ProblemDetail problem = problem(ProblemType.INVALID_REQUEST, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(ProblemException.class)
    protected ResponseEntity<ProblemDetail> refused(ProblemException e, HttpServletRequest request) {
        ProblemDetail problem = at(problem(e.type(), e.getMessage()), request);
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return ResponseEntity.status(e.type().status()).headers(headers(e)).body(problem);
    }

    /** Extra headers for a refusal: {@code Retry-After} when the exception names one, else none. */
    protected HttpHeaders headers(ProblemException e) {
        return e.retryAfter()
                .map(wait -> {
                    HttpHeaders headers = new HttpHeaders();
                    // Rounded up: a client waiting less than asked would only be refused again.
                    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    return headers;
                })
                .orElse(HttpHeaders.EMPTY);
    }

    /** A loss expression that does not parse or breaks a limit (loss-core's message quotes the text). */
    @ExceptionHandler(InvalidLossException.class)
    ProblemDetail invalidLoss(InvalidLossException e, HttpServletRequest request) {
        ProblemDetail problem = at(problem(ProblemType.INVALID_EXPRESSION, e.getMessage()), request);
        problem.setProperty("errors", List.of(new FieldError("expression", e.getMessage())));
        if (e.position() >= 0) {
            problem.setProperty("position", e.position());
        }
        return problem;
    }

    /** A path or query parameter of the wrong type; the echoed value is cut to the limit. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return at(
                invalid(
                        e.getName() + " is not a valid value: " + Echo.limit(e.getValue()),
                        List.of(new FieldError(e.getName(), "is not a valid value"))),
                request);
    }

    /**
     * A query string Tomcat cannot decode (percent-encoded bytes that are no UTF-8, {@code ?format=%C3%28}, or
     * more parameters than it accepts): the client's fault, a 400, not the catch-all 500 below. Tomcat parses
     * parameters lazily, so this surfaces when a handler's {@code @RequestParam} is resolved; its message names
     * the parameter only possibly corrupted, so the error names the query string.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail undecodableQuery(InvalidParameterException e, HttpServletRequest request) {
        return at(
                invalid(
                        "the query string cannot be decoded (percent-encoded bytes that are no UTF-8?)",
                        List.of(new FieldError("query", "cannot be decoded"))),
                request);
    }

    /** Anything unforeseen: still a problem document, and the cause in the log, not in the answer. */
    @ExceptionHandler(Exception.class)
    protected ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        logger.error("unexpected failure", e);
        return at(
                problem(ProblemType.INTERNAL_ERROR, "the service failed unexpectedly; its log has the details"),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeLimit.TooLarge tooLarge) {
                return handleExceptionInternal(
                        ex,
                        problem(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.getMessage()),
                        headers,
                        HttpStatus.CONTENT_TOO_LARGE,
                        request);
            }
        }
        return handleExceptionInternal(
                ex,
                invalid(
                        "the request body is not valid JSON of the expected shape",
                        List.of(new FieldError("body", "is not valid JSON of the expected shape"))),
                headers,
                HttpStatus.BAD_REQUEST,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            org.springframework.web.HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return handleExceptionInternal(
                ex,
                problem(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "the request body must be application/json, not " + ex.getContentType()),
                headers,
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return handleExceptionInternal(
                ex,
                invalid(
                        "the parameter " + ex.getParameterName() + " is required",
                        List.of(new FieldError(ex.getParameterName(), "is required"))),
                headers,
                HttpStatus.BAD_REQUEST,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        return handleExceptionInternal(
                ex, invalid("the request has invalid fields", errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(e -> new FieldError(r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                .toList();
        return handleExceptionInternal(
                ex, invalid("the request has invalid parameters", errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Framework refusals (406, 405, ...) keep Spring's problem, with any quoted input cut to the limit. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            problem.setDetail(Echo.limit(problem.getDetail()));
            if (request instanceof ServletWebRequest servlet) {
                at(problem, servlet.getRequest());
            }
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }
}
