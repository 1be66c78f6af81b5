package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchView;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.orchestrator.population.CandidateStatus;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A search as the API shows it: its row, its specs and the tally of its candidates. */
@Component
class SearchViews {

    private final CandidateRepository candidates;
    private final JsonMapper json;

    SearchViews(CandidateRepository candidates, JsonMapper json) {
        this.candidates = candidates;
        this.json = json;
    }

    TaskSpec task(Search search) {
        return json.readValue(search.task(), TaskSpec.class);
    }

    SearchSpec spec(Search search) {
        return json.readValue(search.spec(), SearchSpec.class);
    }

    SearchView of(Search search) {
        long total = 0, evaluated = 0, cacheHits = 0, diverged = 0, failed = 0, unevaluated = 0, pending = 0;
        Map<String, Long> screenedOut = new TreeMap<>();
        for (Object[] row : candidates.tally(search.id())) {
            CandidateStatus status = (CandidateStatus) row[0];
            CandidateOutcome outcome = (CandidateOutcome) row[1];
            boolean reused = (Boolean) row[3];
            long count = (Long) row[4];
            total += count;
            switch (status) {
                case PENDING, EVALUATING -> pending += count;
                case REJECTED -> screenedOut.merge((String) row[2], count, Long::sum);
                case UNEVALUATED -> unevaluated += count;
                case EVALUATED -> {
                    if (reused) {
                        cacheHits += count;
                    } else {
                        evaluated += count;
                        diverged += outcome == CandidateOutcome.DIVERGED ? count : 0;
                        failed += outcome == CandidateOutcome.INVALID_LOSS ? count : 0;
                    }
                }
            }
        }
        SearchView.Best best = candidates
                .findBest(search.id())
                .map(c -> new SearchView.Best(c.hash(), c.expression(), c.fitness(), c.generation()))
                .orElse(null);
        return new SearchView(
                search.id(),
                search.name(),
                search.state(),
                task(search),
                spec(search),
                search.reduction(),
                search.generation(),
                search.generationLimit(),
                new SearchView.Counts(total, evaluated, screenedOut, cacheHits, diverged, failed, unevaluated, pending),
                best,
                search.message(),
                search.blockedReason(),
                search.createdAt(),
                search.startedAt(),
                search.finishedAt(),
                search.createdBy());
    }
}
