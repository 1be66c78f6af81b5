package io.lossforge.orchestrator.population;

import io.lossforge.loss.Loss;
import io.lossforge.loss.equiv.Equivalence;
import io.lossforge.loss.equiv.GradientFingerprint;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.loss.simplify.LossHash;
import io.lossforge.task.TaskSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gradient equivalence for the population: a candidate's {@link GradientFingerprint} on the standard
 * probe batches, and the evaluation of the same task whose loss is {@link Equivalence equivalent} to it.
 * The family key only narrows the database look-up; every match is confirmed by {@link
 * Equivalence#between} under the task's {@link ScaleInvariance} (Adam without weight decay ignores a
 * constant gradient scale, anything else does not). Fingerprints are memoised by loss hash (≈ 1 ms
 * each, a few kB): a search compares a newcomer with the same few family members again and again.
 */
@Component
public class GradientFamilies {

    /** Family members compared per candidate: keys are near-unique, so more than a few means collisions. */
    static final int MAX_COMPARED = 16;

    private static final int MEMO_SIZE = 4_096;

    private final EvaluationRepository evaluations;
    private final JsonMapper json;
    private final Map<String, GradientFingerprint> memo = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GradientFingerprint> eldest) {
            return size() > MEMO_SIZE;
        }
    };

    GradientFamilies(EvaluationRepository evaluations, JsonMapper json) {
        this.evaluations = evaluations;
        this.json = json;
    }

    /** The fingerprint of {@code loss} (memoised by its hash). */
    public GradientFingerprint fingerprint(Loss loss) {
        String hash = LossHash.of(loss);
        synchronized (memo) {
            GradientFingerprint known = memo.get(hash);
            if (known != null) {
                return known;
            }
        }
        GradientFingerprint computed = GradientFingerprint.of(loss);
        synchronized (memo) {
            memo.put(hash, computed);
        }
        return computed;
    }

    /** The value stored in {@code evaluation.family_key}: the key, or "" for an undefined fingerprint. */
    public String familyKey(Loss loss) {
        return fingerprint(loss).familyKey().orElse("");
    }

    /** How the task's optimizer treats a constant gradient scale. */
    public ScaleInvariance invariance(String taskJson) {
        TaskSpec task = json.readValue(taskJson, TaskSpec.class).withDefaults();
        return ScaleInvariance.forOptimizer(task.optimizer(), task.weightDecay());
    }

    /**
     * The oldest OPEN or FINISHED evaluation of {@code taskFingerprint} whose loss is equivalent to
     * {@code loss} under {@code invariance}; empty when none is (or the fingerprint is undefined).
     */
    Optional<Evaluation> equivalentEvaluation(Loss loss, String taskFingerprint, ScaleInvariance invariance) {
        GradientFingerprint mine = fingerprint(loss);
        if (mine.familyKey().isEmpty()) {
            return Optional.empty();
        }
        for (Evaluation other : evaluations.findFamily(mine.familyKey().get(), taskFingerprint, MAX_COMPARED)) {
            GradientFingerprint theirs = fingerprint(Candidates.loss(other.expression(), other.reduction()));
            if (Equivalence.between(mine, theirs, invariance).equivalent()) {
                return Optional.of(other);
            }
        }
        return Optional.empty();
    }
}
