package io.lossforge.orchestrator.search;

import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Computes a generation's statistics from its candidates once none is unfinished. */
final class GenerationStatistics {

    private GenerationStatistics() {}

    /**
     * From all of the generation's rows: best and median fitness at the highest rung reached (with
     * multi-fidelity, the search's task: comparable across generations); candidates and diversity over the
     * rows as they entered; evaluated counts every training, each rung's included.
     */
    static GenerationStats of(UUID searchId, int generation, List<Candidate> rows, Instant now) {
        int top = Promotion.reached(rows);
        List<Candidate> candidates = rows.stream().filter(c -> c.rung() == 0).toList();
        List<Double> accuracies = rows.stream()
                .filter(c -> c.rung() == top)
                .map(Candidate::fitness)
                .filter(Objects::nonNull)
                .sorted()
                .toList();
        GenerationStats s = new GenerationStats();
        s.searchId = searchId;
        s.generation = generation;
        s.candidates = candidates.size();
        s.evaluated = (int) rows.stream()
                .filter(c -> c.status() == CandidateStatus.EVALUATED && !c.reused())
                .count();
        s.bestFitness = accuracies.isEmpty() ? null : accuracies.getLast();
        s.medianFitness = accuracies.isEmpty() ? null : median(accuracies);
        s.diversity = candidates.isEmpty()
                ? 0
                : (double) candidates.stream().map(Candidate::hash).distinct().count() / candidates.size();
        s.finishedAt = now;
        return s;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
