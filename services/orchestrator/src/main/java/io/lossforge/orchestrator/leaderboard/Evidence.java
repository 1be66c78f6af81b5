package io.lossforge.orchestrator.leaderboard;

import io.lossforge.api.trial.CorrectnessBits;
import io.lossforge.orchestrator.population.Evaluation;
import io.lossforge.task.TaskSpec;
import java.util.BitSet;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one successful evaluation's fitness rests on: the number of validation images and, when the trainer
 * reported it, which of them the model classified correctly (in the trainer's evaluation order, the same
 * for every trial of one task and seed). A report without an image count (an older trainer) is read as
 * the task's {@code validationSamples}: the trainer evaluates exactly that many.
 */
record Evidence(int images, Optional<BitSet> correct) {

    static Evidence of(Evaluation evaluation, JsonMapper json) {
        JsonNode report = evaluation.resultJson() == null ? null : json.readTree(evaluation.resultJson());
        JsonNode reported = report == null ? null : report.get("validationImages");
        int images = reported != null && reported.isIntegralNumber()
                ? reported.intValue()
                : json.readValue(evaluation.task(), TaskSpec.class)
                        .withDefaults()
                        .validationSamples();
        JsonNode bits = report == null ? null : report.get("validationCorrect");
        Optional<BitSet> correct = bits != null && bits.isString()
                ? Optional.of(toBitSet(CorrectnessBits.fromBase64(bits.stringValue(), images)))
                : Optional.empty();
        return new Evidence(images, correct);
    }

    /** The wire encoding is {@link CorrectnessBits}' alone; the paired test counts with a BitSet. */
    private static BitSet toBitSet(CorrectnessBits bits) {
        BitSet set = new BitSet(bits.size());
        for (int i = 0; i < bits.size(); i++) {
            set.set(i, bits.get(i));
        }
        return set;
    }

    /** The exact McNemar p-value of this evaluation against {@code other}; empty without both bitsets. */
    Optional<Double> pairedPValue(Evidence other) {
        if (correct.isEmpty() || other.correct.isEmpty() || images != other.images) {
            return Optional.empty();
        }
        BitSet onlyMine = (BitSet) correct.get().clone();
        onlyMine.andNot(other.correct.get());
        BitSet onlyTheirs = (BitSet) other.correct.get().clone();
        onlyTheirs.andNot(correct.get());
        return Optional.of(AccuracyStatistics.mcNemar(onlyMine.cardinality(), onlyTheirs.cardinality()));
    }
}
