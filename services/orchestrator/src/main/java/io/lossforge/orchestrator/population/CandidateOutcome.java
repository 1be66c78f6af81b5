package io.lossforge.orchestrator.population;

/**
 * What training a loss under a task produced. Each depends only on the loss and the task (the trainer
 * seeds per task), so a finished evaluation may stand for any other candidate of the same loss and task.
 * Infrastructure failures are never outcomes (see the dispatch package's attempt endings).
 */
public enum CandidateOutcome {
    /** Trained; {@code fitness} is the validation accuracy. */
    SUCCEEDED,
    /** Training produced non-finite values. */
    DIVERGED,
    /** The loss could not be compiled or evaluated by the trainer. */
    INVALID_LOSS
}
