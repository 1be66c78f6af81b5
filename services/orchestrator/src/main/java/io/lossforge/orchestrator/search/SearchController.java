package io.lossforge.orchestrator.search;

import io.lossforge.api.search.GenerationView;
import io.lossforge.api.search.ResumeRequest;
import io.lossforge.api.search.SearchPage;
import io.lossforge.api.search.SearchRequest;
import io.lossforge.api.search.SearchView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/searches}: create, list, read and cancel searches; their generations. */
@RestController
@RequestMapping("/api/v1/searches")
class SearchController {

    private final SearchService searches;

    SearchController(SearchService searches) {
        this.searches = searches;
    }

    @PostMapping
    ResponseEntity<SearchView> create(
            @Valid @RequestBody SearchRequest request, org.springframework.security.core.Authentication caller) {
        SearchView view = searches.create(request, caller.getName());
        return ResponseEntity.created(URI.create("/api/v1/searches/" + view.id()))
                .body(view);
    }

    @GetMapping
    SearchPage list(
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Page<SearchView> result = searches.list(page, size);
        return new SearchPage(result.getContent(), page, size, result.getTotalElements());
    }

    @GetMapping("/{id}")
    SearchView get(@PathVariable UUID id) {
        return searches.get(id);
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<SearchView> cancel(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(searches.cancel(id));
    }

    /** Continues a FAILED or CANCELLED search, or extends one by more generations (body optional). */
    @PostMapping("/{id}/resume")
    SearchView resume(@PathVariable UUID id, @Valid @RequestBody(required = false) ResumeRequest request) {
        int extra = request == null || request.generations() == null ? 0 : request.generations();
        return searches.resume(id, extra);
    }

    @GetMapping("/{id}/generations")
    List<GenerationView> generations(@PathVariable UUID id) {
        return searches.generations(id);
    }
}
