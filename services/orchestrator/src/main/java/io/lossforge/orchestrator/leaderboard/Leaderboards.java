package io.lossforge.orchestrator.leaderboard;

import io.lossforge.api.search.LeaderboardRow;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.LatexPrinter;
import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.orchestrator.search.SearchService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ranks candidates by their evaluation. Within a search: each distinct loss once (its best row), trained
 * or reused, plus the baselines as labelled rows, by fitness; Δ vs the search's CE baseline. Across
 * searches: the best trained losses on a dataset and model. Only SUCCEEDED evaluations are ranked — an
 * UNEVALUATED candidate never is.
 */
@Service
class Leaderboards {

    private final CandidateRepository candidates;
    private final SearchService searches;

    Leaderboards(CandidateRepository candidates, SearchService searches) {
        this.candidates = candidates;
        this.searches = searches;
    }

    @Transactional(readOnly = true)
    public List<LeaderboardRow> ofSearch(UUID id, int limit) {
        searches.requireExists(id);
        List<Candidate> all = candidates.findSearch(id);
        Double ce = ceOf(all).orElse(null);
        List<Candidate> ranked = all.stream()
                .filter(c -> c.outcome() == CandidateOutcome.SUCCEEDED)
                .sorted(Comparator.comparing((Candidate c) -> -c.fitness())
                        .thenComparing(Candidate::generation)
                        .thenComparing(Candidate::position))
                .toList();
        List<LeaderboardRow> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Candidate c : ranked) {
            String key = c.isBaseline() ? "baseline:" + c.baseline() : c.hash();
            if (seen.add(key) && rows.size() < limit) {
                rows.add(row(rows.size() + 1, c, ce));
            }
        }
        return rows;
    }

    @Transactional(readOnly = true)
    public List<LeaderboardRow> best(String dataset, String model, int limit) {
        List<LeaderboardRow> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<UUID, Optional<Double>> ceBySearch = new HashMap<>();
        for (Candidate c : candidates.findBestAcrossSearches(dataset, model, Limit.of(limit * 10))) {
            if (seen.add(c.hash()) && rows.size() < limit) {
                Double ce = ceBySearch
                        .computeIfAbsent(
                                c.searchId(), s -> ceOf(candidates.findGeneration(s, Candidate.BASELINE_GENERATION)))
                        .orElse(null);
                rows.add(row(rows.size() + 1, c, ce));
            }
        }
        return rows;
    }

    private static Optional<Double> ceOf(List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> "ce".equals(c.baseline()) && c.outcome() == CandidateOutcome.SUCCEEDED)
                .map(Candidate::fitness)
                .findFirst();
    }

    private static LeaderboardRow row(int rank, Candidate c, Double ce) {
        return new LeaderboardRow(
                rank,
                c.hash(),
                c.expression(),
                LatexPrinter.print(Parser.parse(c.expression())),
                c.reduction(),
                c.fitness(),
                c.evaluation().testAccuracy(),
                c.nodes(),
                c.generation(),
                ce == null ? null : c.fitness() - ce,
                c.baseline(),
                c.source(),
                c.searchId().toString());
    }
}
