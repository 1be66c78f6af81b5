package io.lossforge.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;

/**
 * Inference-mode metrics of a model on a set of images: accuracy, mean negative log-likelihood of the
 * true class and mean max-softmax confidence. Batched with the trial's {@link BatchAssembler}.
 */
record Metrics(double accuracy, double negativeLogLikelihood, double meanConfidence) {

    static Metrics measure(Trainer trainer, BatchAssembler assembler, int[] indices, int batchSize) {
        long correct = 0;
        double logLikelihood = 0;
        double confidence = 0;
        for (int from = 0; from < indices.length; from += batchSize) {
            int count = Math.min(batchSize, indices.length - from);
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDList batch = assembler.assemble(scope, indices, from, count);
                NDArray labels = batch.get(1);
                NDArray logits = trainer.evaluate(new NDList(batch.get(0))).singletonOrThrow();
                NDArray logProbabilities = logits.logSoftmax(1);
                correct += logits.argMax(1)
                        .eq(labels)
                        .sum()
                        .toType(ai.djl.ndarray.types.DataType.INT64, false)
                        .getLong();
                NDArray oneHot =
                        labels.oneHot((int) logits.getShape().get(1)).toType(logProbabilities.getDataType(), false);
                logLikelihood += logProbabilities.mul(oneHot).sum().getFloat();
                confidence += logProbabilities.max(new int[] {1}).exp().sum().getFloat();
            }
        }
        int n = indices.length;
        return new Metrics((double) correct / n, -logLikelihood / n, confidence / n);
    }
}
