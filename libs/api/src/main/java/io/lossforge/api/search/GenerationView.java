package io.lossforge.api.search;

import java.time.Instant;

/**
 * A finished generation: how many candidates, how many were trained, best and median fitness of those
 * with a validation accuracy, and diversity (distinct losses / candidates).
 */
public record GenerationView(
        int generation,
        int candidates,
        int evaluated,
        Double bestFitness,
        Double medianFitness,
        double diversity,
        Instant finishedAt) {}
