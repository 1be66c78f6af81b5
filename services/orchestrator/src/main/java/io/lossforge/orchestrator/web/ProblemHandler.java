package io.lossforge.orchestrator.web;

import io.lossforge.web.ProblemAdvice;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The orchestrator's problem+json answers: exactly the shared convention of {@link ProblemAdvice} (stable
 * type URIs, field errors, a catch-all 500 without internals, echoed input cut to 200 characters).
 */
@RestControllerAdvice
class ProblemHandler extends ProblemAdvice {}
