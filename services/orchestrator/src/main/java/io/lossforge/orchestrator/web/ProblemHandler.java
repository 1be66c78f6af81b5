package io.lossforge.orchestrator.web;

import io.lossforge.orchestrator.database.DatabaseUnavailableException;
import io.lossforge.orchestrator.database.TransientDatabaseErrors;
import io.lossforge.web.ProblemAdvice;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The orchestrator's problem+json answers: the shared convention of {@link ProblemAdvice} (stable type
 * URIs, field errors, a catch-all 500 without internals, echoed input cut to 200 characters), and a
 * database that is away (a request not wrapped in a retry) is a 503 {@code database-unavailable} with
 * {@code Retry-After}, not a 500.
 */
@RestControllerAdvice
class ProblemHandler extends ProblemAdvice {

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> database(RuntimeException e, HttpServletRequest request) {
        if (TransientDatabaseErrors.isTransient(e)) {
            return refused(new DatabaseUnavailableException(request.getRequestURI(), e), request);
        }
        return ResponseEntity.internalServerError().body(unexpected(e, request));
    }
}
