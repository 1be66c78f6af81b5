package io.lossforge.search;

import io.jenetics.ext.util.Tree;
import io.jenetics.ext.util.TreeNode;
import io.jenetics.prog.op.Const;
import io.jenetics.prog.op.Op;
import io.jenetics.prog.op.Program;
import io.jenetics.prog.op.Val;
import io.jenetics.prog.op.Var;
import io.lossforge.loss.Call;
import io.lossforge.loss.Constant;
import io.lossforge.loss.Expression;
import io.lossforge.loss.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The one conversion between loss-core {@link Expression}s and Jenetics program trees
 * ({@code TreeNode<Op<Double>>}). Operators become {@link LossOp}s, {@code p} and {@code y} the
 * {@link Var}s of index 0 and 1 (so {@code Program.eval(tree, p, y)} works), constants {@link Const}s.
 * Converting an expression to a tree and back gives an equal expression.
 */
final class Trees {

    private static final Var<Double> P = Var.of(Variable.P.symbol(), 0);
    private static final Var<Double> Y = Var.of(Variable.Y.symbol(), 1);

    private Trees() {}

    /** A new, independent tree for the expression (callers may alter it in place). */
    static TreeNode<Op<Double>> toTree(Expression expression) {
        return switch (expression) {
            case Call call -> {
                TreeNode<Op<Double>> node = TreeNode.of(new LossOp(call.operator(), call.parameter()));
                call.arguments().forEach(argument -> node.attach(toTree(argument)));
                yield node;
            }
            default -> TreeNode.of(leaf(expression));
        };
    }

    /** The program node of a leaf ({@code p}, {@code y} or a constant). */
    static Op<Double> leaf(Expression leaf) {
        return switch (leaf) {
            case Variable variable -> variable == Variable.P ? P : Y;
            case Constant constant -> Const.of(constant.value());
            case Call call -> throw new IllegalArgumentException("not a leaf: " + call);
        };
    }

    /** The constant a node holds, when it is a constant leaf (mutation and constant tuning move these). */
    static java.util.Optional<Constant> constant(Tree<? extends Op<Double>, ?> node) {
        return node.value() instanceof Val<Double> value && node.isLeaf()
                ? java.util.Optional.of(new Constant(value.value()))
                : java.util.Optional.empty();
    }

    /**
     * The expression of a program tree built from {@link LossOp}s, the variables {@code p}/{@code y} and
     * constants.
     *
     * @throws IllegalArgumentException for a node whose child count differs from its arity, or any other
     *                                  node (e.g. Jenetics' own {@code MathOp}s)
     */
    static Expression toExpression(Tree<? extends Op<Double>, ?> tree) {
        Program.check(tree);
        return expression(tree);
    }

    private static Expression expression(Tree<? extends Op<Double>, ?> tree) {
        Op<Double> op = tree.value();
        List<Expression> children = new ArrayList<>(tree.childCount());
        for (int i = 0; i < tree.childCount(); i++) {
            children.add(expression(tree.childAt(i)));
        }
        return switch (op) {
            case LossOp loss -> new Call(loss.operator(), children, loss.parameter());
            case Var<Double> variable when variable.equals(P) -> Variable.P;
            case Var<Double> variable when variable.equals(Y) -> Variable.Y;
            case Val<Double> value -> new Constant(value.value());
            default -> throw new IllegalArgumentException("not a loss program node: " + op);
        };
    }
}
