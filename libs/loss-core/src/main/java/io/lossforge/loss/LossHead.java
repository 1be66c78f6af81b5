package io.lossforge.loss;

/**
 * The loss head, defined once: from logits and labels to the reduced loss of a batch. Every consumer —
 * the reference evaluator, the trainer's DJL loss, the PyTorch export — computes its loss by this
 * method in its own {@link BatchAlgebra}, so that all of them mean the same thing:
 * <ol>
 *   <li>{@code p = softmax(logits)} along the classes;</li>
 *   <li>{@code y = one_hot(labels)};</li>
 *   <li>{@code f = f(p, y)} entry by entry, through the {@link Operator} table (a data-free expression
 *       is broadcast to all N × C entries);</li>
 *   <li>the loss's {@link Reduction} of f.</li>
 * </ol>
 */
public final class LossHead {

    private LossHead() {}

    /** The reduced loss of a batch of {@code logits} (N × C) with class-index {@code labels} (N). */
    public static <T> T apply(Loss loss, BatchAlgebra<T> batch, T logits, T labels) {
        T p = batch.softmax(logits);
        T y = batch.oneHot(labels, p);
        T f = batch.entries(Interpreter.interpret(loss.expression(), batch, p, y), p);
        return loss.reduction().reduce(batch, f);
    }
}
