package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyState;
import io.lossforge.loss.Loss;
import io.lossforge.orchestrator.population.Candidates;
import io.lossforge.orchestrator.population.Evaluation;
import io.lossforge.orchestrator.population.EvaluationRepository;
import io.lossforge.orchestrator.population.EvaluationStatus;
import io.lossforge.orchestrator.population.GradientFamilies;
import io.lossforge.orchestrator.population.PopulationEvents;
import io.lossforge.task.TaskSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves a study on: every trial without an evaluation (new, or whose evaluation was abandoned by a cancel)
 * follows one — a FINISHED evaluation of the same loss and task if there is one (the same training: the
 * trainer is deterministic per task), else an OPEN one, opened if need be and queued for the dispatcher;
 * when every trial's evaluation has an outcome the study is FINISHED. Idempotent and safe to run at any
 * time, on any replica (the study row is locked): after a restart the next pass simply carries on.
 */
@Service
class StudyEngine {

    private final StudyRepository studies;
    private final StudyTrialRepository trials;
    private final EvaluationRepository evaluations;
    private final GradientFamilies families;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    StudyEngine(
            StudyRepository studies,
            StudyTrialRepository trials,
            EvaluationRepository evaluations,
            GradientFamilies families,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock) {
        this.studies = studies;
        this.trials = trials;
        this.evaluations = evaluations;
        this.families = families;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public void advance(UUID studyId) {
        Study study = studies.findForUpdate(studyId).orElse(null);
        if (study == null || study.state() != StudyState.RUNNING) {
            return;
        }
        Instant now = clock.instant();
        // Called for every evaluation a running study follows that ends: two counts, not every trial, unless
        // there is linking to do (at creation, after a cancel's abandonment or a resume).
        StudyTrialRepository.Pending pending = trials.pending(studyId);
        if (pending.getToLink() > 0) {
            link(studyId, json.readValue(study.definition(), StudyDefinition.class), now);
            pending = trials.pending(studyId);
        }
        if (pending.getUnended() == 0) {
            study.finish(now);
        }
    }

    private void link(UUID studyId, StudyDefinition definition, Instant now) {
        boolean queued = false;
        for (StudyTrial trial : trials.findByStudy(studyId)) {
            Evaluation e = trial.evaluation();
            if (e == null || e.status() == EvaluationStatus.ABANDONED) {
                queued |= follow(trial, definition, now);
            }
        }
        trials.flush();
        if (queued) {
            events.publishEvent(new PopulationEvents.WorkQueued());
        }
    }

    /** Links the trial to an evaluation of its loss and task; true when it opened a new one. */
    private boolean follow(StudyTrial trial, StudyDefinition definition, Instant now) {
        var reusable = evaluations.findReusable(trial.hash(), trial.taskFingerprint());
        if (reusable.isPresent()) {
            trial.follow(reusable.get());
            return false;
        }
        var entry = definition.losses().get(trial.lossIndex());
        Loss loss = Candidates.loss(entry.expression(), entry.reduction());
        TaskSpec task = definition.taskOf(
                new StudyDefinition.Trial(trial.lossIndex(), trial.taskIndex(), trial.budget(), trial.seedIndex()),
                json);
        int opened = evaluations.open(
                trial.hash(),
                trial.taskFingerprint(),
                entry.expression(),
                entry.reduction(),
                json.writeValueAsString(task),
                task.dataset(),
                task.model(),
                now,
                null,
                families.familyKey(trial.hash(), loss));
        trial.follow(evaluations
                .findOpen(trial.hash(), trial.taskFingerprint())
                .or(() -> evaluations.findReusable(trial.hash(), trial.taskFingerprint()))
                .orElseThrow(() -> new IllegalStateException("no evaluation for " + trial.hash())));
        return opened > 0;
    }
}
