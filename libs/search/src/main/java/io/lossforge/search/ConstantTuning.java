package io.lossforge.search;

import io.jenetics.ext.util.TreeNode;
import io.jenetics.prog.op.Op;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Constant tuning for the best candidates (PySR tunes its constants; without a differentiable fitness here
 * it is a random local search): every constant leaf of a loss moves by one {@link Primitives#perturb} step
 * at once, the structure stays. The tuned loss is evaluated like any candidate, and elitism keeps the
 * better of the two — so an improvement is kept and a worse tuning is forgotten. The exponent of {@code ^}
 * is part of the operator, not a leaf, and stays.
 */
final class ConstantTuning {

    private final Limits limits;
    private final Novelty novelty;
    private final RandomGenerator random;

    ConstantTuning(Limits limits, Novelty novelty, RandomGenerator random) {
        this.limits = limits;
        this.novelty = novelty;
        this.random = random;
    }

    /** A new (to the generation) tuned copy of {@code parent}; empty when it has no constant or no try was new. */
    Optional<Expression> tuned(Expression parent) {
        if (Trees.toTree(parent)
                .breadthFirstStream()
                .noneMatch(node -> Trees.constant(node).isPresent())) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < Limits.ATTEMPTS; attempt++) {
            TreeNode<Op<Double>> tree = Trees.toTree(parent);
            tree.breadthFirstStream()
                    .forEach(node -> Trees.constant(node)
                            .ifPresent(
                                    c -> node.value(Trees.leaf(new Constant(Primitives.perturb(c.value(), random))))));
            Expression tuned = Trees.toExpression(tree);
            if (limits.admits(tuned) && novelty.isNew(tuned)) {
                novelty.add(tuned);
                return Optional.of(tuned);
            }
        }
        return Optional.empty();
    }
}
