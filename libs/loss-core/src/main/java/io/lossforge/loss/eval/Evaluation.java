package io.lossforge.loss.eval;

/**
 * The reduced loss of a batch and its gradient with respect to the logits (same shape as the logits,
 * N × C). Non-finite values are reported as they are: they are outcomes, not errors.
 */
public record Evaluation(double loss, double[][] gradient) {

    /** Whether the loss and every gradient entry are finite. */
    public boolean isFinite() {
        if (!Double.isFinite(loss)) {
            return false;
        }
        for (double[] row : gradient) {
            for (double value : row) {
                if (!Double.isFinite(value)) {
                    return false;
                }
            }
        }
        return true;
    }
}
