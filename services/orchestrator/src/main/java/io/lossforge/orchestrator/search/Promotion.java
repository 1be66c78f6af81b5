package io.lossforge.orchestrator.search;

import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.search.Evaluated;
import io.lossforge.search.Fidelity;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Successive halving's decisions on one generation's rows (all rungs), a pure function of them so that any
 * replica, before or after a crash, decides the same: which rows move up, and what breeding sees.
 */
final class Promotion {

    private Promotion() {}

    /** The highest rung any of the generation's candidates reached (0 when there are none). */
    static int reached(List<Candidate> generation) {
        return generation.stream().mapToInt(Candidate::rung).max().orElse(0);
    }

    /**
     * The rows of rung {@code rung} to move up: the best {@code ceil(n / eta)} of the rung's n distinct
     * successful evaluations (ties to the earlier position), with every row that shares one of them. A
     * copy or an equivalent form of a promoted loss moves with it and finds its evaluation at the next
     * rung; nothing that failed, diverged or was rejected moves.
     */
    static List<Candidate> promoted(List<Candidate> generation, int rung, Fidelity fidelity) {
        List<Candidate> succeeded = generation.stream()
                .filter(c -> c.rung() == rung && c.outcome() == CandidateOutcome.SUCCEEDED)
                .sorted(Comparator.comparingDouble((Candidate c) -> -c.fitness())
                        .thenComparingInt(Candidate::position))
                .toList();
        Set<Long> ranked = new LinkedHashSet<>();
        succeeded.forEach(c -> ranked.add(c.evaluation().id()));
        Set<Long> kept = ranked.stream().limit(fidelity.promoted(ranked.size())).collect(Collectors.toSet());
        return succeeded.stream()
                .filter(c -> kept.contains(c.evaluation().id()))
                .sorted(Comparator.comparingInt(Candidate::position))
                .toList();
    }

    /**
     * What breeding selects on, in position order: each position's row at the highest rung it reached, with
     * that rung and its selection fitness (the penalty for anything without an accuracy).
     */
    static List<Evaluated> forBreeding(List<Candidate> generation) {
        Map<Integer, Candidate> highest = new TreeMap<>();
        for (Candidate c : generation) {
            highest.merge(c.position(), c, (a, b) -> a.rung() >= b.rung() ? a : b);
        }
        return highest.values().stream()
                .map(c -> new Evaluated(
                        io.lossforge.loss.parse.Parser.parse(c.expression()), c.rung(), c.selectionFitness()))
                .toList();
    }
}
