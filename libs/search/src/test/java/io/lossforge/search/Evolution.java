package io.lossforge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossforge.loss.Expression;
import io.lossforge.loss.ExpressionLimits;
import io.lossforge.loss.Variable;
import io.lossforge.loss.eval.ReferenceEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/** Test driver: plays the orchestrator in-process (breed, evaluate, store, breed again). */
final class Evolution {

    /** The penalty of a candidate whose toy fitness is not finite, as the orchestrator would record it. */
    static final double PENALTY = -1e9;

    private Evolution() {}

    /** The generations of a run, each evaluated; {@code inspect} sees every bred generation first. */
    static List<List<Evaluated>> run(
            Breeder breeder, ToDoubleFunction<Expression> fitness, int generations, Consumer<List<Candidate>> inspect) {
        List<List<Evaluated>> history = new ArrayList<>();
        List<Candidate> candidates = breeder.initialPopulation();
        for (int generation = 0; ; generation++) {
            inspect.accept(candidates);
            history.add(evaluate(candidates, fitness));
            if (generation == generations) {
                return history;
            }
            candidates = breeder.nextGeneration(generation + 1, history.getLast());
        }
    }

    static List<Evaluated> evaluate(List<Candidate> candidates, ToDoubleFunction<Expression> fitness) {
        return candidates.stream()
                .map(candidate -> new Evaluated(candidate.expression(), fitness.applyAsDouble(candidate.expression())))
                .toList();
    }

    static double best(List<Evaluated> generation) {
        return generation.stream().mapToDouble(Evaluated::fitness).max().orElseThrow();
    }

    /**
     * Toy fitness: minus the mean squared difference to the cross-entropy entry {@code -(y log p)} on a
     * grid of p in (0, 1] and y in {0, 1}; a non-finite result gets {@link #PENALTY}.
     */
    static double crossEntropyLikeness(Expression expression) {
        double sum = 0;
        int count = 0;
        for (int k = 1; k <= 40; k++) {
            double p = k / 40.0;
            for (int y = 0; y <= 1; y++) {
                double difference = ReferenceEvaluator.entry(expression, p, y).value() - (-(y * Math.log(p)));
                sum += difference * difference;
                count++;
            }
        }
        double fitness = -sum / count;
        return Double.isFinite(fitness) ? Math.max(fitness, PENALTY) : PENALTY;
    }

    /** Asserts everything a bred expression must satisfy under {@code spec}. */
    static void assertAdmitted(Expression expression, SearchSpec spec) {
        assertThat(expression.size()).as("nodes of %s", expression).isLessThanOrEqualTo(spec.maxNodes());
        assertThat(expression.depth()).as("depth of %s", expression).isLessThanOrEqualTo(spec.maxDepth());
        assertThat(expression.contains(Variable.P) && expression.contains(Variable.Y))
                .as("%s holds p and y", expression)
                .isTrue();
        ExpressionLimits.check(expression);
    }
}
