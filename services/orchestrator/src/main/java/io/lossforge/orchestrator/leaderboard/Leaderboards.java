package io.lossforge.orchestrator.leaderboard;

import io.lossforge.api.search.LeaderboardRow;
import io.lossforge.loss.equiv.Equivalence;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.loss.parse.Parser;
import io.lossforge.loss.print.LatexPrinter;
import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.orchestrator.population.Candidates;
import io.lossforge.orchestrator.population.GradientFamilies;
import io.lossforge.orchestrator.search.SearchService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ranks candidates by their evaluation. Within a search, by default one row per gradient-equivalence
 * family (candidates sharing an evaluation, and evaluations whose losses are equivalent), showing its
 * simplest member and how many forms were found; {@link Grouping#NONE}: each distinct loss once (its best
 * row). Baselines are labelled rows of their own. With multi-fidelity only the top rung (the search's own
 * task) is ranked. Across searches: the best trained losses on a dataset
 * and model. Only SUCCEEDED evaluations are ranked — an UNEVALUATED candidate never is. Every fitness
 * carries its image count and 95 % interval, and a paired p-value against the search's CE when both
 * trials reported per-image correctness.
 */
@Service
public class Leaderboards {

    /** How a search's leaderboard groups its losses. */
    public enum Grouping {
        FAMILY,
        NONE
    }

    private final CandidateRepository candidates;
    private final SearchService searches;
    private final GradientFamilies families;
    private final JsonMapper json;

    Leaderboards(CandidateRepository candidates, SearchService searches, GradientFamilies families, JsonMapper json) {
        this.candidates = candidates;
        this.searches = searches;
        this.families = families;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public List<LeaderboardRow> ofSearch(UUID id, int limit, Grouping grouping) {
        // Only the search's own task is ranked: a lower multi-fidelity rung's accuracy is of a smaller budget.
        String task = searches.taskFingerprint(id);
        List<Candidate> all = candidates.findSearch(id);
        Optional<Candidate> ce = ceOf(all);
        List<Candidate> ranked = all.stream()
                .filter(c -> c.outcome() == CandidateOutcome.SUCCEEDED
                        && c.taskFingerprint().equals(task))
                .sorted(Comparator.comparing((Candidate c) -> -c.fitness())
                        .thenComparing(Candidate::generation)
                        .thenComparing(Candidate::position))
                .toList();
        List<List<Candidate>> groups = grouping == Grouping.FAMILY ? families(ranked) : distinctLosses(ranked);
        Reference reference = new Reference(ce, json);
        List<LeaderboardRow> rows = new ArrayList<>();
        for (List<Candidate> group : groups.subList(0, Math.min(limit, groups.size()))) {
            Candidate simplest = group.stream()
                    .min(Comparator.comparingInt(Candidate::nodes)
                            .thenComparing(Candidate::generation)
                            .thenComparing(Candidate::position))
                    .orElseThrow();
            long forms = group.stream().map(Candidate::hash).distinct().count();
            rows.add(row(rows.size() + 1, group.getFirst(), simplest, (int) forms, reference));
        }
        return rows;
    }

    @Transactional(readOnly = true)
    public List<LeaderboardRow> best(String dataset, String model, int limit) {
        List<LeaderboardRow> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<UUID, Reference> ceBySearch = new HashMap<>();
        for (Candidate c : candidates.findBestAcrossSearches(dataset, model, Limit.of(limit * 10))) {
            if (seen.add(c.hash()) && rows.size() < limit) {
                Reference ce = ceBySearch.computeIfAbsent(
                        c.searchId(),
                        s -> new Reference(ceOf(candidates.findGeneration(s, Candidate.BASELINE_GENERATION)), json));
                rows.add(row(rows.size() + 1, c, c, 1, ce));
            }
        }
        return rows;
    }

    /** Each distinct loss once (baselines by name), in rank order. */
    private static List<List<Candidate>> distinctLosses(List<Candidate> ranked) {
        Map<String, List<Candidate>> byLoss = new LinkedHashMap<>();
        for (Candidate c : ranked) {
            String key = c.isBaseline() ? "baseline:" + c.baseline() : c.hash();
            byLoss.computeIfAbsent(key, k -> new ArrayList<>(List.of(c)));
        }
        return new ArrayList<>(byLoss.values());
    }

    /**
     * Evolved candidates grouped by evaluation, then evaluations merged into the first (best) group whose
     * loss is equivalent (evaluations from before gradient equivalence, or from searches with it off);
     * baselines stay rows of their own.
     */
    private List<List<Candidate>> families(List<Candidate> ranked) {
        // One search, one task: its invariance is read once (from any of its evaluations).
        ScaleInvariance invariance = ranked.isEmpty()
                ? ScaleInvariance.EXACT
                : families.invariance(ranked.getFirst().evaluation().task());
        Map<String, List<Candidate>> byEvaluation = new LinkedHashMap<>();
        for (Candidate c : ranked) {
            String key = c.isBaseline()
                    ? "baseline:" + c.baseline()
                    : "evaluation:" + c.evaluation().id();
            byEvaluation.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<List<Candidate>> merged = new ArrayList<>();
        for (List<Candidate> group : byEvaluation.values()) {
            Candidate first = group.getFirst();
            Optional<List<Candidate>> family = first.isBaseline()
                    ? Optional.empty()
                    : merged.stream()
                            .filter(m -> sameFamily(m.getFirst(), first, invariance))
                            .findFirst();
            family.ifPresentOrElse(f -> f.addAll(group), () -> merged.add(new ArrayList<>(group)));
        }
        return merged;
    }

    private boolean sameFamily(Candidate member, Candidate other, ScaleInvariance invariance) {
        String key = member.evaluation().familyKey();
        if (member.isBaseline()
                || key == null
                || key.isEmpty()
                || !key.equals(other.evaluation().familyKey())) {
            return false;
        }
        return Equivalence.between(
                        families.fingerprint(member.hash(), Candidates.loss(member)),
                        families.fingerprint(other.hash(), Candidates.loss(other)),
                        invariance)
                .equivalent();
    }

    private static Optional<Candidate> ceOf(List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> "ce".equals(c.baseline()) && c.outcome() == CandidateOutcome.SUCCEEDED)
                .findFirst();
    }

    /** The search's CE baseline and its evidence, read once per leaderboard. */
    private record Reference(Optional<Double> fitness, Optional<Evidence> evidence) {
        Reference(Optional<Candidate> ce, JsonMapper json) {
            this(ce.map(Candidate::fitness), ce.map(c -> Evidence.of(c.evaluation(), json)));
        }
    }

    /** A row with the ranked candidate's result, shown by the family's simplest member. */
    private LeaderboardRow row(int rank, Candidate best, Candidate shown, int forms, Reference ce) {
        Evidence evidence = Evidence.of(best.evaluation(), json);
        double[] interval = AccuracyStatistics.interval(best.fitness(), evidence.images());
        Double pValue = best.isBaseline() && "ce".equals(best.baseline())
                ? null
                : ce.evidence().flatMap(evidence::pairedPValue).orElse(null);
        String family = best.evaluation().familyKey();
        return new LeaderboardRow(
                rank,
                shown.hash(),
                shown.expression(),
                LatexPrinter.print(Parser.parse(shown.expression())),
                shown.reduction(),
                best.fitness(),
                best.evaluation().testAccuracy(),
                shown.nodes(),
                shown.generation(),
                ce.fitness().map(f -> best.fitness() - f).orElse(null),
                best.baseline(),
                shown.source(),
                best.searchId().toString(),
                family == null || family.isEmpty() ? null : family,
                forms,
                evidence.images(),
                interval[0],
                interval[1],
                pValue);
    }
}
