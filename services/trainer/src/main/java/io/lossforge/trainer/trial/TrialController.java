package io.lossforge.trainer.trial;

import io.lossforge.api.trial.TrialRequest;
import io.lossforge.api.trial.TrialView;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/trials}: start, read and cancel trials. Errors are problem+json (see ProblemHandler). */
@RestController
@RequestMapping("/api/v1/trials")
class TrialController {

    private final TrialService trials;

    TrialController(TrialService trials) {
        this.trials = trials;
    }

    /** 202 + Location; 400 invalid; 409 same id with another request; 429 + Retry-After when full. */
    @PostMapping
    ResponseEntity<TrialView> start(@Valid @RequestBody TrialRequest request) {
        TrialView view = trials.submit(request);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/trials/" + view.trialId()))
                .body(view);
    }

    @GetMapping("/{trialId}")
    TrialView get(@PathVariable String trialId) {
        return trials.find(trialId).orElseThrow(() -> TrialProblems.notFound(trialId));
    }

    /** 202: the trial stops at its next batch; 404 unknown; 409 already ended. */
    @DeleteMapping("/{trialId}")
    ResponseEntity<TrialView> cancel(@PathVariable String trialId) {
        return ResponseEntity.accepted().body(trials.cancel(trialId));
    }
}
