package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyCell;
import io.lossforge.api.study.StudyState;
import io.lossforge.api.study.StudyView;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.orchestrator.population.Evaluation;
import io.lossforge.orchestrator.population.EvaluationStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds the API view of a study from its row and its trials' evaluations. */
@Component
class StudyViews {

    private final StudyTrialRepository trials;
    private final JsonMapper json;
    private final Clock clock;

    StudyViews(StudyTrialRepository trials, JsonMapper json, Clock clock) {
        this.trials = trials;
        this.json = json;
        this.clock = clock;
    }

    StudyView of(Study study) {
        StudyDefinition definition = definition(study);
        List<TrialOutcome> outcomes = outcomes(study, definition);
        List<StudyCell> cells = StudyStatistics.cells(definition, outcomes);
        return new StudyView(
                study.id(),
                study.name(),
                study.state(),
                study.createdBy(),
                study.createdAt(),
                study.endedAt(),
                definition.seeds(),
                definition.evaluateTest(),
                definition.budgets(),
                definition.losses().get(definition.reference()).label(),
                definition.losses(),
                definition.tasks(),
                progress(study, outcomes),
                cells,
                StudyStatistics.rankings(definition, cells),
                warnings(definition, outcomes, cells));
    }

    StudyDefinition definition(Study study) {
        return json.readValue(study.definition(), StudyDefinition.class);
    }

    private List<TrialOutcome> outcomes(Study study, StudyDefinition definition) {
        List<TrialOutcome> out = new ArrayList<>();
        for (StudyTrial t : trials.findByStudy(study.id())) {
            var coordinates = new StudyDefinition.Trial(t.lossIndex(), t.taskIndex(), t.budget(), t.seedIndex());
            out.add(outcome(coordinates, t.evaluation(), definition.evaluateTest()));
        }
        return out;
    }

    private TrialOutcome outcome(StudyDefinition.Trial trial, Evaluation e, boolean evaluateTest) {
        if (e == null) {
            return new TrialOutcome(trial, null, null, 0, null, false, false, false);
        }
        boolean ended = e.status() == EvaluationStatus.FINISHED || e.status() == EvaluationStatus.UNEVALUATED;
        boolean succeeded = e.outcome() == CandidateOutcome.SUCCEEDED;
        double seconds = 0;
        String checksum = null;
        if (e.resultJson() != null) {
            JsonNode report = json.readTree(e.resultJson());
            seconds = report.path("wallSeconds").asDouble(0);
            checksum = report.path("initialWeightsChecksum").isString()
                    ? report.path("initialWeightsChecksum").asString()
                    : null;
        }
        return new TrialOutcome(
                trial,
                succeeded ? (evaluateTest ? e.testAccuracy() : e.fitness()) : null,
                succeeded ? e.meanConfidence() : null,
                seconds,
                checksum,
                ended,
                e.status() == EvaluationStatus.UNEVALUATED,
                e.liveAttemptId() != null);
    }

    private StudyView.Progress progress(Study study, List<TrialOutcome> outcomes) {
        int ended = (int) outcomes.stream().filter(TrialOutcome::ended).count();
        int finished = (int)
                outcomes.stream().filter(o -> o.ended() && !o.unevaluated()).count();
        int running = (int) outcomes.stream().filter(TrialOutcome::running).count();
        double seconds = outcomes.stream().mapToDouble(TrialOutcome::seconds).sum();
        Double eta = null;
        if (study.state() != StudyState.RUNNING || ended == outcomes.size()) {
            eta = 0.0;
        } else if (ended > 0) {
            double elapsed =
                    Duration.between(study.createdAt(), clock.instant()).toMillis() / 1000.0;
            eta = elapsed / ended * (outcomes.size() - ended);
        }
        return new StudyView.Progress(outcomes.size(), finished, ended - finished, running, seconds, eta);
    }

    private static List<String> warnings(
            StudyDefinition definition, List<TrialOutcome> outcomes, List<StudyCell> cells) {
        List<String> out = new ArrayList<>();
        cells.stream()
                .filter(c -> Boolean.FALSE.equals(c.sameInitialWeights()))
                .forEach(c -> out.add("'" + c.loss() + "' on task " + c.task() + " (budget " + c.budget()
                        + "×) did not start from the reference's initial weights for every seed: its Δ is not paired"));
        cells.stream()
                .filter(c -> c.failed() > 0)
                .forEach(c -> out.add("'" + c.loss() + "' on task " + c.task() + " (budget " + c.budget() + "×): "
                        + c.failed() + " of " + definition.seeds() + " seeds produced no accuracy (diverged or"
                        + " unevaluated); its figures use the remaining ones"));
        return out;
    }
}
