package io.lossforge.orchestrator.study;

import io.lossforge.orchestrator.population.Evaluation;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * One (loss, task, budget, seed) of a study, following one evaluation of its loss and task — the unit the
 * dispatcher trains, shared with any search or study that needs the same training. Its outcome is that
 * evaluation's.
 */
@Entity
@Table(name = "study_trial")
class StudyTrial {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private UUID studyId;
    private int lossIndex;
    private int taskIndex;
    private int budget;
    private int seedIndex;
    private String hash;
    private String taskFingerprint;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "evaluation_id")
    private Evaluation evaluation;

    protected StudyTrial() {}

    StudyTrial(UUID studyId, int lossIndex, int taskIndex, int budget, int seedIndex, String hash, String fingerprint) {
        this.studyId = studyId;
        this.lossIndex = lossIndex;
        this.taskIndex = taskIndex;
        this.budget = budget;
        this.seedIndex = seedIndex;
        this.hash = hash;
        this.taskFingerprint = fingerprint;
    }

    /** Follows {@code e} from now on (a first evaluation, or a new one after the last was abandoned). */
    void follow(Evaluation e) {
        evaluation = e;
    }

    int lossIndex() {
        return lossIndex;
    }

    int taskIndex() {
        return taskIndex;
    }

    int budget() {
        return budget;
    }

    int seedIndex() {
        return seedIndex;
    }

    String hash() {
        return hash;
    }

    String taskFingerprint() {
        return taskFingerprint;
    }

    /** Null until the study engine linked it. */
    Evaluation evaluation() {
        return evaluation;
    }
}
