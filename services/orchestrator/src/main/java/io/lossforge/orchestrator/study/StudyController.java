package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyPage;
import io.lossforge.api.study.StudyRequest;
import io.lossforge.api.study.StudyView;
import io.lossforge.orchestrator.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/studies}: start, list, read, cancel and resume studies; their reports. */
@RestController
@RequestMapping("/api/v1/studies")
class StudyController {

    private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final StudyService studies;
    private final JsonMapper json;

    StudyController(StudyService studies, JsonMapper json) {
        this.studies = studies;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<StudyView> create(
            @Valid @RequestBody StudyRequest request, org.springframework.security.core.Authentication caller) {
        StudyView view = studies.create(request, caller.getName());
        return ResponseEntity.created(URI.create("/api/v1/studies/" + view.id()))
                .body(view);
    }

    @GetMapping
    StudyPage list(
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Page<StudyView> result = studies.list(page, size);
        return new StudyPage(result.getContent(), page, size, result.getTotalElements());
    }

    @GetMapping("/{id}")
    StudyView get(@PathVariable UUID id) {
        return studies.get(id);
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<StudyView> cancel(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(studies.cancel(id));
    }

    @PostMapping("/{id}/resume")
    StudyView resume(@PathVariable UUID id) {
        return studies.resume(id);
    }

    /** The paper-shaped table: {@code format} markdown (default), csv or json. */
    @GetMapping(
            value = "/{id}/report",
            produces = {"text/markdown", "text/csv", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<?> report(@PathVariable UUID id, @RequestParam(defaultValue = "markdown") String format) {
        if (!format.matches("markdown|csv|json")) {
            throw new Problems.InvalidInput("format", "must be markdown, csv or json");
        }
        StudyReports.Input input = studies.reportInput(id);
        return switch (format) {
            case "markdown" -> ResponseEntity.ok().contentType(MARKDOWN).body(StudyReports.markdown(input, json));
            case "csv" -> ResponseEntity.ok().contentType(CSV).body(StudyReports.csv(input, json));
            default ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(StudyReports.json(input, json));
        };
    }
}
