package io.lossforge.search;

import io.jenetics.ext.util.TreeNode;
import io.jenetics.prog.op.Op;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Variable;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Random program trees by Koza's methods: <em>full</em> (operators down to the last level) and
 * <em>grow</em> (leaves may end a branch early), and ramped half-and-half over depths 2 to
 * {@link #MAX_INITIAL_DEPTH}. Depths count as in loss-core: a leaf has depth 1.
 *
 * <p>Jenetics' {@code Program.of} builds only full trees (no grow), and attaches the given terminal
 * instances as they are (an {@code EphemeralConst} gets its own value only once wrapped in a
 * {@code ProgramGene}), so both methods are written here over the {@link Primitives} alphabet.
 */
final class RandomTrees {

    /** Initial trees are at most this deep (EvoMAL: 2-4), however deep the search may grow them. */
    static final int MAX_INITIAL_DEPTH = 6;
    /** Chance that a grown branch ends in a leaf before the depth limit. */
    private static final double LEAF_PROBABILITY = 0.3;

    private final Limits limits;
    private final RandomGenerator random;

    RandomTrees(Limits limits, RandomGenerator random) {
        this.limits = limits;
        this.random = random;
    }

    /** Tree {@code index} of a ramped half-and-half population: full and grow alternate, depths cycle. */
    Expression ramped(int index) {
        int depths = maxInitialDepth() - 1;
        int depth = 2 + (index / 2) % depths;
        boolean full = index % 2 == 0;
        return admitted(() -> Trees.toExpression(full ? full(depth) : grow(depth)));
    }

    /** An admitted grown tree of a random initial depth: the fallback when an operator fails. */
    Expression any() {
        int depth = random.nextInt(2, maxInitialDepth() + 1);
        return admitted(() -> Trees.toExpression(grow(depth)));
    }

    /** A grown tree of at most {@code depth} levels; its root is an operator unless {@code depth} is 1. */
    TreeNode<Op<Double>> grow(int depth) {
        return node(depth, false, true);
    }

    private TreeNode<Op<Double>> full(int depth) {
        return node(depth, true, true);
    }

    private TreeNode<Op<Double>> node(int depth, boolean full, boolean root) {
        boolean leaf = depth == 1 || !full && !root && random.nextDouble() < LEAF_PROBABILITY;
        TreeNode<Op<Double>> node = TreeNode.of(leaf ? Primitives.terminal(random) : Primitives.operation(random));
        for (int i = 0; i < node.value().arity(); i++) {
            node.attach(node(depth - 1, full, false));
        }
        return node;
    }

    /**
     * The first admitted tree {@code make} returns within {@link Limits#ATTEMPTS}, else the smallest
     * admitted tree: a binary operator over p and y. It always fits, since every search allows depth 2
     * and 3 nodes.
     */
    private Expression admitted(Supplier<Expression> make) {
        return limits.attempt(make).orElseGet(() -> {
            boolean swap = random.nextBoolean();
            return Trees.toExpression(TreeNode.of(Primitives.operation(2, random))
                    .attach(Trees.leaf(swap ? Variable.Y : Variable.P))
                    .attach(Trees.leaf(swap ? Variable.P : Variable.Y)));
        });
    }

    private int maxInitialDepth() {
        return Math.min(limits.maxDepth(), MAX_INITIAL_DEPTH);
    }
}
