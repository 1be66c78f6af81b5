package io.lossforge.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import io.lossforge.api.trial.CorrectnessBits;

/**
 * Inference-mode metrics of a model on a set of images: accuracy, mean negative log-likelihood of the
 * true class, mean max-softmax confidence, and which images it classified correctly ({@code correct}
 * bit {@code i} is image {@code indices[i]}, in the order measured). Batched with the trial's {@link
 * BatchAssembler}; {@code accuracy} is exactly {@code correct.count() / correct.size()}.
 */
record Metrics(double accuracy, double negativeLogLikelihood, double meanConfidence, CorrectnessBits correct) {

    static Metrics measure(Trainer trainer, BatchAssembler assembler, int[] indices, int batchSize) {
        // One byte per image for the length of one measurement (≤ 100 KB at the task limit), then 1 bit.
        boolean[] correct = new boolean[indices.length];
        double logLikelihood = 0;
        double confidence = 0;
        for (int from = 0; from < indices.length; from += batchSize) {
            int count = Math.min(batchSize, indices.length - from);
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDList batch = assembler.assemble(scope, indices, from, count);
                NDArray labels = batch.get(1);
                NDArray logits = trainer.evaluate(new NDList(batch.get(0))).singletonOrThrow();
                NDArray logProbabilities = logits.logSoftmax(1);
                // The per-image comparison instead of its sum: one copy of `count` booleans, the same count.
                boolean[] hits = logits.argMax(1).eq(labels).toBooleanArray();
                System.arraycopy(hits, 0, correct, from, count);
                NDArray oneHot =
                        labels.oneHot((int) logits.getShape().get(1)).toType(logProbabilities.getDataType(), false);
                logLikelihood += logProbabilities.mul(oneHot).sum().getFloat();
                confidence += logProbabilities.max(new int[] {1}).exp().sum().getFloat();
            }
        }
        int n = indices.length;
        CorrectnessBits bits = CorrectnessBits.of(correct);
        return new Metrics((double) bits.count() / n, -logLikelihood / n, confidence / n, bits);
    }
}
