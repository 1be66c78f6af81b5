package io.lossforge.orchestrator.population;

import io.lossforge.loss.Loss;
import io.lossforge.loss.equiv.Equivalence;
import io.lossforge.loss.equiv.GradientFingerprint;
import io.lossforge.loss.equiv.ScaleInvariance;
import io.lossforge.task.TaskSpec;
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

    /**
     * Family members compared per candidate. Keys are not near-unique: the key rounds per-row directions, and
     * every loss that depends on the target's probability alone has the same direction on each row (only
     * the scale differs), so one key holds many non-equivalent losses — 65 evaluations under one key in the
     * 30-generation run of docs/search.md, where a cap of 16 let 17 copies be trained. A comparison of
     * memoised fingerprints costs microseconds; the cap only bounds a pathological family.
     */
    static final int MAX_COMPARED = 2_000;

    private final EvaluationRepository evaluations;
    private final JsonMapper json;
    private final LossMemo<GradientFingerprint> memo = new LossMemo<>(4_096);

    GradientFamilies(EvaluationRepository evaluations, JsonMapper json) {
        this.evaluations = evaluations;
        this.json = json;
    }

    /**
     * The fingerprint of {@code loss}, memoised by {@code hash} (its {@code LossHash}, which every candidate
     * and evaluation row already carries: not recomputed here).
     */
    public GradientFingerprint fingerprint(String hash, Loss loss) {
        return memo.get(hash, () -> GradientFingerprint.of(loss));
    }

    /** The value stored in {@code evaluation.family_key}: the key, or "" for an undefined fingerprint. */
    public String familyKey(String hash, Loss loss) {
        return fingerprint(hash, loss).familyKey().orElse("");
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
    Optional<Evaluation> equivalentEvaluation(
            String hash, Loss loss, String taskFingerprint, ScaleInvariance invariance) {
        GradientFingerprint mine = fingerprint(hash, loss);
        if (mine.familyKey().isEmpty()) {
            return Optional.empty();
        }
        for (Evaluation other : evaluations.findFamily(mine.familyKey().get(), taskFingerprint, MAX_COMPARED)) {
            GradientFingerprint theirs =
                    fingerprint(other.hash(), Candidates.loss(other.expression(), other.reduction()));
            if (Equivalence.between(mine, theirs, invariance).equivalent()) {
                return Optional.of(other);
            }
        }
        return Optional.empty();
    }
}
