package io.lossforge.orchestrator.search;

import io.lossforge.api.search.LeaderboardRow;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.LatexPrinter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ranks candidates. Within a search: each distinct loss once (its best row), trained or reused, plus the
 * baselines as labelled rows, by fitness; Δ vs the search's CE baseline. Across searches: the best
 * trained losses of searches on a dataset and model.
 */
@Service
public class Leaderboards {

    private final CandidateRepository candidates;
    private final SearchService searches;

    Leaderboards(CandidateRepository candidates, SearchService searches) {
        this.candidates = candidates;
        this.searches = searches;
    }

    @Transactional(readOnly = true)
    public List<LeaderboardRow> ofSearch(UUID id, int limit) {
        searches.job(id);
        List<Candidate> all = candidates.findBySearchIdOrderByGenerationAscPositionAsc(id);
        Double ce = all.stream()
                .filter(c -> "ce".equals(c.baseline) && "SUCCEEDED".equals(c.outcome))
                .map(c -> c.fitness)
                .findFirst()
                .orElse(null);
        List<Candidate> ranked = all.stream()
                .filter(c -> "SUCCEEDED".equals(c.outcome))
                .sorted(Comparator.comparing((Candidate c) -> -c.fitness)
                        .thenComparing(c -> c.generation)
                        .thenComparing(c -> c.position))
                .toList();
        List<LeaderboardRow> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Candidate c : ranked) {
            String key = c.isBaseline() ? "baseline:" + c.baseline : c.hash;
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
        java.util.Map<UUID, Optional<Double>> ceBySearch = new java.util.HashMap<>();
        for (Candidate c : candidates.findBestAcrossSearches(dataset, model, Limit.of(limit * 10))) {
            if (seen.add(c.hash) && rows.size() < limit) {
                rows.add(row(
                        rows.size() + 1,
                        c,
                        ceBySearch.computeIfAbsent(c.searchId, this::ceOf).orElse(null)));
            }
        }
        return rows;
    }

    private Optional<Double> ceOf(UUID searchId) {
        return candidates.findBySearchIdAndGenerationOrderByPosition(searchId, Candidate.BASELINE_GENERATION).stream()
                .filter(c -> "ce".equals(c.baseline) && "SUCCEEDED".equals(c.outcome))
                .map(c -> c.fitness)
                .findFirst();
    }

    private static LeaderboardRow row(int rank, Candidate c, Double ce) {
        return new LeaderboardRow(
                rank,
                c.hash,
                c.expression,
                LatexPrinter.print(Parser.parse(c.expression)),
                c.reduction,
                c.fitness,
                c.testAccuracy,
                c.nodes,
                c.generation,
                ce == null ? null : c.fitness - ce,
                c.baseline,
                c.source,
                c.searchId.toString());
    }
}
