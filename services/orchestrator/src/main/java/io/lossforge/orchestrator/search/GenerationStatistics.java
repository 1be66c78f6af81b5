package io.lossforge.orchestrator.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Computes a generation's statistics from its DONE candidates. */
final class GenerationStatistics {

    private GenerationStatistics() {}

    static GenerationStats of(UUID searchId, int generation, List<Candidate> candidates) {
        List<Double> accuracies = candidates.stream()
                .filter(c -> "SUCCEEDED".equals(c.outcome))
                .map(c -> c.fitness)
                .sorted()
                .toList();
        GenerationStats s = new GenerationStats();
        s.searchId = searchId;
        s.generation = generation;
        s.candidates = candidates.size();
        s.evaluated = (int) candidates.stream()
                .filter(c -> c.cachedFrom == null && !"REJECTED".equals(c.outcome))
                .count();
        s.bestFitness = accuracies.isEmpty() ? null : accuracies.getLast();
        s.medianFitness = accuracies.isEmpty() ? null : median(accuracies);
        s.diversity = candidates.isEmpty()
                ? 0
                : (double) candidates.stream().map(c -> c.hash).distinct().count() / candidates.size();
        s.finishedAt = Instant.now();
        return s;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
