package io.lossforge.loss;

/**
 * The batch-level steps of the {@link LossHead}, on top of the element-wise {@link Algebra}: one
 * implementation per consumer (reference evaluator, DJL compiler, PyTorch exporter), each stating only
 * how its value type does a step; the order of the steps is the head's.
 *
 * <p>Shapes: logits and probabilities are N samples × C classes, labels are N class indices.
 *
 * @param <T> the value type of one implementation
 */
public interface BatchAlgebra<T> extends Algebra<T> {

    /** Softmax of the logits along the class dimension: the probabilities p (N × C). */
    T softmax(T logits);

    /** The one-hot targets y (N × C) of the labels, shaped and typed like {@code probabilities}. */
    T oneHot(T labels, T probabilities);

    /** The element-wise values f as an N × C batch like {@code like}, broadcasting a data-free value. */
    T entries(T values, T like);

    /** Mean over all N × C entries: one number. */
    T meanOverAll(T entries);

    /** Sum over the C classes of each sample: N numbers. */
    T sumOverClasses(T entries);

    /** Mean over the N samples: one number. */
    T meanOverSamples(T perSample);
}
