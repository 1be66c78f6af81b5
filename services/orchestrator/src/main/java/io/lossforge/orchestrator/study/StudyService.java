package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyRequest;
import io.lossforge.api.study.StudyView;
import io.lossforge.orchestrator.population.EvaluationStatus;
import io.lossforge.orchestrator.population.Results;
import io.lossforge.orchestrator.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The study API's use cases: create, read, list, cancel, resume. {@link StudyEngine} moves studies on. */
@Service
class StudyService {

    private final StudyRepository studies;
    private final StudyTrialRepository trials;
    private final StudyPlanner planner;
    private final StudyEngine engine;
    private final StudyViews views;
    private final Results results;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    StudyService(
            StudyRepository studies,
            StudyTrialRepository trials,
            StudyPlanner planner,
            StudyEngine engine,
            StudyViews views,
            Results results,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock) {
        this.studies = studies;
        this.trials = trials;
        this.planner = planner;
        this.engine = engine;
        this.views = views;
        this.results = results;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** Validates (400 with every problem), stores the study and its trials, and queues their trainings. */
    @Transactional
    public StudyView create(StudyRequest request, String createdBy) {
        StudyDefinition definition = planner.plan(request);
        Study study = studies.save(new Study(
                UUID.randomUUID(), request.name(), json.writeValueAsString(definition), createdBy, clock.instant()));
        for (StudyDefinition.Trial t : definition.trials()) {
            trials.save(new StudyTrial(
                    study.id(),
                    t.loss(),
                    t.task(),
                    t.budget(),
                    t.seed(),
                    definition.losses().get(t.loss()).hash(),
                    definition.taskOf(t, json).fingerprint()));
        }
        trials.flush();
        engine.advance(study.id());
        return views.of(study);
    }

    @Transactional(readOnly = true)
    public StudyView get(UUID id) {
        return views.of(find(id));
    }

    @Transactional(readOnly = true)
    public Page<StudyView> list(int page, int size) {
        return studies.findAllByOrderByCreatedAtDesc(PageRequest.of(page, size)).map(views::of);
    }

    /**
     * Stops the study's trainings that nothing else needs (an evaluation a search or another study follows
     * goes on); finished trials stand. 409 unless it is RUNNING.
     */
    @Transactional
    public StudyView cancel(UUID id) {
        Study study = lock(id);
        study.cancel(clock.instant());
        studies.flush();
        List<Long> open = trials.findByStudy(id).stream()
                .filter(t -> t.evaluation() != null && t.evaluation().status() == EvaluationStatus.OPEN)
                .map(t -> t.evaluation().id())
                .toList();
        results.abandonUnneeded(open);
        return views.of(study);
    }

    /** A CANCELLED study runs again: finished trials stand; abandoned and unevaluated ones are queued anew. */
    @Transactional
    public StudyView resume(UUID id) {
        Study study = lock(id);
        study.resume();
        for (StudyTrial t : trials.findByStudy(id)) {
            if (t.evaluation() != null && t.evaluation().status() == EvaluationStatus.UNEVALUATED) {
                t.follow(null);
            }
        }
        trials.flush();
        engine.advance(id);
        events.publishEvent(new StudyLoop.StudyChanged(id));
        return views.of(study);
    }

    /** The view and the definition, for a report. */
    @Transactional(readOnly = true)
    public StudyReports.Input reportInput(UUID id) {
        Study study = find(id);
        return new StudyReports.Input(views.of(study), views.definition(study));
    }

    private Study lock(UUID id) {
        return studies.findForUpdate(id).orElseThrow(() -> new Problems.NotFound("no study " + id));
    }

    private Study find(UUID id) {
        return studies.findById(id).orElseThrow(() -> new Problems.NotFound("no study " + id));
    }
}
