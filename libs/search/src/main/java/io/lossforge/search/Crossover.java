package io.lossforge.search;

import io.jenetics.ext.SingleNodeCrossover;
import io.jenetics.ext.util.TreeNode;
import io.jenetics.prog.ProgramGene;
import io.jenetics.prog.op.Op;
import io.jenetics.util.RandomRegistry;
import io.lossforge.loss.Expression;
import java.util.random.RandomGenerator;

/**
 * Subtree crossover by Jenetics' {@link SingleNodeCrossover}: a random non-root node of each parent is
 * chosen and the two subtrees are swapped. Only its tree-level operation is used (the population-level
 * {@code alter} works on Phenotypes and cannot report which pairs it crossed); the Jenetics random
 * source it reads is scoped to the caller's generator for the duration of one call, so nothing global
 * affects the result.
 */
final class Crossover extends SingleNodeCrossover<ProgramGene<Double>, Double> {

    private final RandomGenerator random;

    Crossover(RandomGenerator random) {
        super(1.0); // the alter probability is unused: crossing is decided per candidate by the breeder
        this.random = random;
    }

    /** The first offspring: {@code first} with one of its subtrees replaced by one of {@code second}'s. */
    Expression apply(Expression first, Expression second) {
        TreeNode<Op<Double>> child = Trees.toTree(first);
        TreeNode<Op<Double>> other = Trees.toTree(second);
        RandomRegistry.with(random, r -> crossover(child, other));
        return Trees.toExpression(child);
    }
}
