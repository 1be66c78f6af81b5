package io.lossforge.orchestrator.leaderboard;

import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.api.trial.TrialResult;
import io.lossforge.orchestrator.population.Evaluation;
import io.lossforge.task.TaskSpec;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one successful evaluation's fitness rests on: the number of validation images and, when the trainer
 * reported it, which of them the model classified correctly ({@link TrialResult#validationCorrectness()},
 * checked when the report arrived). A report without it (an older trainer) is read as the task's {@code
 * validationSamples} images: the trainer evaluates exactly that many.
 */
record Evidence(int images, Optional<CorrectnessBits> correct) {

    static Evidence of(Evaluation evaluation, JsonMapper json) {
        CorrectnessBits bits = evaluation.resultJson() == null
                ? null
                : json.readValue(evaluation.resultJson(), TrialResult.class).validationCorrectness();
        int images = bits != null
                ? bits.size()
                : json.readValue(evaluation.task(), TaskSpec.class)
                        .withDefaults()
                        .validationSamples();
        return new Evidence(images, Optional.ofNullable(bits));
    }

    /** The exact McNemar p-value of this evaluation against {@code other}; empty without both bitsets. */
    Optional<Double> pairedPValue(Evidence other) {
        if (correct.isEmpty() || other.correct.isEmpty() || images != other.images) {
            return Optional.empty();
        }
        CorrectnessBits mine = correct.get();
        CorrectnessBits theirs = other.correct.get();
        return Optional.of(AccuracyStatistics.mcNemar(mine.correctOnlyHere(theirs), theirs.correctOnlyHere(mine)));
    }
}
