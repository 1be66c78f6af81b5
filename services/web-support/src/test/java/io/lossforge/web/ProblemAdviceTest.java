package io.lossforge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.api.problem.Echo;
import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import io.lossforge.loss.InvalidLossException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The shared problem convention: stable types, no internals in a 500, no long echo of user input. */
class ProblemAdviceTest {

    private final ProblemAdvice advice = new ProblemAdvice() {};
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/losses/screen");

    @Test
    void anUnexpectedFailureIsA500WithoutItsInternals() {
        ProblemDetail problem =
                advice.unexpected(new IllegalStateException("password=hunter2 at org.postgresql"), request);

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getType()).isEqualTo(ProblemType.INTERNAL_ERROR.uri());
        assertThat(problem.getTitle()).isEqualTo("Internal error");
        assertThat(String.valueOf(problem.getDetail()) + problem.getProperties())
                .doesNotContain("hunter2", "postgresql");
    }

    @Test
    void aRefusalHasItsTypeStatusTitleAndFieldErrors() {
        ResponseEntity<ProblemDetail> answer =
                advice.refused(ProblemException.invalid("task.epochs", "must be between 1 and 1000"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getType().toString()).isEqualTo("urn:lossforge:problem:invalid-request");
        assertThat(problem.getTitle()).isEqualTo("Invalid request");
        assertThat(problem.getProperties())
                .containsEntry("errors", List.of(new FieldError("task.epochs", "must be between 1 and 1000")));
        assertThat(problem.getInstance().toString()).isEqualTo("/api/v1/losses/screen");
    }

    @Test
    void aRefusalThatPassesWithTimeAnswersRetryAfterInWholeSeconds() {
        ProblemException unavailable = new ProblemException(ProblemType.DATABASE_UNAVAILABLE, "database down") {
            @Override
            public Optional<Duration> retryAfter() {
                return Optional.of(Duration.ofMillis(1500));
            }
        };

        ResponseEntity<ProblemDetail> answer = advice.refused(unavailable, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(answer.getBody().getType().toString()).isEqualTo("urn:lossforge:problem:database-unavailable");
        assertThat(advice.refused(ProblemException.invalid("name", "is required"), request)
                        .getHeaders()
                        .containsHeader(HttpHeaders.RETRY_AFTER))
                .isFalse();
    }

    @Test
    void longInputIsCutInDetailFieldErrorsAndInstance() {
        String name = "q".repeat(10_000);
        request.setRequestURI("/api/v1/searches/" + "x".repeat(10_000));
        ProblemDetail problem =
                advice.invalidLoss(new InvalidLossException("unknown name '" + name + "' at position 4", 4), request);

        assertThat(problem.getDetail()).hasSize(Echo.MAX_CHARS + 1).endsWith("…");
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) problem.getProperties().get("errors");
        assertThat(errors.getFirst().message()).hasSize(Echo.MAX_CHARS + 1);
        assertThat(problem.getInstance().toString()).hasSize(Echo.MAX_CHARS + 3).endsWith("...");
        assertThat(problem.getProperties()).containsEntry("position", 4);
    }
}
