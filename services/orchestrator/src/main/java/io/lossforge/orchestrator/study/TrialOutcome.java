package io.lossforge.orchestrator.study;

/**
 * What one trial produced, as the statistics read it.
 *
 * @param accuracy   test accuracy (validation accuracy when the study does not evaluate the test split); null
 *                   unless the training succeeded
 * @param confidence the model's mean max-softmax probability; null unless it succeeded
 * @param seconds    wall seconds of the training (0 until it finished)
 * @param checksum   the trainer's checksum of the initial weights; null when not reported
 * @param ended      the trial has an outcome (a result, or attempts used up)
 * @param unevaluated it ended without a result: its attempts were used up by infrastructure failures
 * @param running    an attempt is live on it now
 */
record TrialOutcome(
        StudyDefinition.Trial trial,
        Double accuracy,
        Double confidence,
        double seconds,
        String checksum,
        boolean ended,
        boolean unevaluated,
        boolean running) {

    boolean failed() {
        return ended && accuracy == null;
    }
}
