package io.lossforge.trainer.trial;

import io.lossforge.web.ProblemAdvice;
import io.lossforge.web.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The trainer's problem+json answers: the shared convention of {@link ProblemAdvice}, plus
 * {@code Retry-After} on 429 so that the orchestrator knows when to try this trainer again.
 */
@RestControllerAdvice
class ProblemHandler extends ProblemAdvice {

    /** Seconds a client should wait after 429 before trying this trainer again. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Override
    protected HttpHeaders headers(ProblemException e) {
        HttpHeaders headers = new HttpHeaders();
        if (e instanceof TrialProblems.SlotsBusy) {
            headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        }
        return headers;
    }
}
