package io.lossforge.orchestrator.candidates;

import io.lossforge.api.search.CandidatePage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The candidates of one search, page by page: the audit trail of what each stage did. */
@RestController
class CandidateController {

    private final CandidateListing listing;

    CandidateController(CandidateListing listing) {
        this.listing = listing;
    }

    @GetMapping("/api/v1/searches/{id}/candidates")
    CandidatePage candidates(
            @PathVariable UUID id,
            @RequestParam(required = false) @Min(-1) @Max(1000) Integer generation,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return listing.page(id, generation, page, size);
    }
}
