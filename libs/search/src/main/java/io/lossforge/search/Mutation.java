package io.lossforge.search;

import io.jenetics.ext.util.TreeNode;
import io.jenetics.prog.op.Op;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Tree mutation, one of two kinds with equal chance: <em>point</em> mutation (an operator becomes another
 * of the same arity, a leaf another leaf, or a constant moves by a small step) and <em>subtree</em>
 * mutation (a non-root subtree is replaced by a grown one of depth 1 to {@link #MAX_SUBTREE_DEPTH},
 * EvoMAL's uniform mutation).
 *
 * <p>Written here rather than taken from Jenetics: its mutators ({@code TreeMutator}, the gene-wise
 * {@code Mutator} over {@code ProgramGene.newInstance}) alter whole Phenotype populations and cannot say
 * which individual they changed; {@code TreeMutator}'s tree-level hook gets no generator, and Jenetics
 * has no subtree mutation to inherit.
 */
final class Mutation {

    static final int MAX_SUBTREE_DEPTH = 3;

    private final RandomTrees trees;
    private final RandomGenerator random;

    Mutation(RandomTrees trees, RandomGenerator random) {
        this.trees = trees;
        this.random = random;
    }

    /** A mutated copy of {@code parent} (not checked against the limits). */
    Expression apply(Expression parent) {
        TreeNode<Op<Double>> tree = Trees.toTree(parent);
        List<TreeNode<Op<Double>>> nodes = tree.breadthFirstStream().toList();
        if (nodes.size() > 1 && random.nextBoolean()) {
            TreeNode<Op<Double>> node = nodes.get(random.nextInt(1, nodes.size()));
            TreeNode<Op<Double>> parentNode = node.parent().orElseThrow();
            parentNode.replace(parentNode.indexOf(node), trees.grow(random.nextInt(1, MAX_SUBTREE_DEPTH + 1)));
        } else {
            point(nodes.get(random.nextInt(nodes.size())));
        }
        return Trees.toExpression(tree);
    }

    private void point(TreeNode<Op<Double>> node) {
        Op<Double> op = node.value();
        if (!op.isTerminal()) {
            node.value(Primitives.operation(op.arity(), random));
        } else if (Trees.constant(node).isPresent() && random.nextBoolean()) {
            double value = Trees.constant(node).get().value();
            node.value(Trees.leaf(new Constant(Primitives.perturb(value, random))));
        } else {
            node.value(Primitives.terminal(random));
        }
    }
}
