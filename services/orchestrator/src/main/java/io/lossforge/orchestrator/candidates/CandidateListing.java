package io.lossforge.orchestrator.candidates;

import io.lossforge.api.search.CandidatePage;
import io.lossforge.api.search.CandidateView;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.orchestrator.population.Evaluation;
import io.lossforge.orchestrator.search.SearchService;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Every candidate of a search with its lineage, each stage's decision and its result (entities stay here). */
@Service
class CandidateListing {

    private final CandidateRepository candidates;
    private final SearchService searches;
    private final JsonMapper json;

    CandidateListing(CandidateRepository candidates, SearchService searches, JsonMapper json) {
        this.candidates = candidates;
        this.searches = searches;
        this.json = json;
    }

    /** A page of the search's candidates, of one generation when {@code generation} is not null; 404 if none. */
    @Transactional(readOnly = true)
    CandidatePage page(UUID searchId, Integer generation, int page, int size) {
        searches.requireExists(searchId);
        PageRequest request = PageRequest.of(page, size);
        Page<Candidate> result = generation == null
                ? candidates.pageOfSearch(searchId, request)
                : candidates.pageOfGeneration(searchId, generation, request);
        return new CandidatePage(
                result.getContent().stream().map(this::view).toList(), page, size, result.getTotalElements());
    }

    private CandidateView view(Candidate c) {
        Evaluation evaluation = c.evaluation();
        String family = evaluation == null ? null : evaluation.familyKey();
        boolean opened = evaluation != null && !c.reused() && !c.equivalent();
        return new CandidateView(
                c.id(),
                c.generation(),
                c.position(),
                c.expression(),
                c.hash(),
                c.reduction(),
                c.nodes(),
                c.source(),
                Arrays.stream(c.parents()).boxed().toList(),
                c.baseline(),
                c.status().name(),
                c.reason(),
                evaluation == null ? null : c.equivalent() ? "EQUIVALENT" : c.reused() ? "SAME_LOSS" : "NONE",
                evaluation == null ? null : evaluation.id(),
                family == null || family.isEmpty() ? null : family,
                c.outcome() == null ? null : c.outcome().name(),
                c.fitness(),
                opened ? trainedSeconds(evaluation) : null,
                c.rung());
    }

    /** The finishing trial's wall seconds, null while the evaluation has no report. */
    private Double trainedSeconds(Evaluation evaluation) {
        return evaluation.resultJson() == null
                ? null
                : json.readValue(evaluation.resultJson(), TrialResult.class).wallSeconds();
    }
}
