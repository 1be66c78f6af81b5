package io.lossforge.orchestrator.study;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.study.StudyLoss;
import io.lossforge.api.study.StudyRequest;
import io.lossforge.api.study.StudyView;
import io.lossforge.loss.InvalidLossException;
import io.lossforge.loss.Loss;
import io.lossforge.loss.LossCatalog;
import io.lossforge.loss.Reduction;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.simplify.LossHash;
import io.lossforge.orchestrator.population.KnownLosses;
import io.lossforge.orchestrator.search.TrainerCapabilities;
import io.lossforge.orchestrator.web.Problems;
import io.lossforge.task.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a study request into a {@link StudyDefinition}, or refuses it with every problem at once (400, each
 * naming its field): unknown or invalid losses, duplicate labels, invalid tasks or tasks no trainer can train,
 * overrides that make a task invalid, and studies larger than {@link #MAX_TRIALS} trials.
 */
@Component
class StudyPlanner {

    /** Trials of one study: a study is a re-test, not a search. */
    static final int MAX_TRIALS = 5_000;

    private static final String REFERENCE = "ce";
    private static final StudyLoss.TaskOverrides NO_OVERRIDES = new StudyLoss.TaskOverrides(null, null, null, null);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16,64}");

    private final KnownLosses known;
    private final TrainerCapabilities capabilities;
    private final JsonMapper json;

    StudyPlanner(KnownLosses known, TrainerCapabilities capabilities, JsonMapper json) {
        this.known = known;
        this.capabilities = capabilities;
        this.json = json;
    }

    /** A resolved loss and the entry the study stores for it. */
    record Resolved(Loss loss, StudyView.LossEntry entry) {}

    StudyDefinition plan(StudyRequest request) {
        List<FieldError> errors = new ArrayList<>();
        List<Resolved> losses = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < request.losses().size(); i++) {
            Optional<Resolved> resolved = resolve(request.losses().get(i), "losses[" + i + "]", errors);
            if (resolved.isPresent() && !labels.add(resolved.get().entry().label())) {
                errors.add(new FieldError(
                        "losses[" + i + "].label",
                        "'" + resolved.get().entry().label() + "' names two losses; give each its own label"));
            }
            resolved.ifPresent(losses::add);
        }
        List<TaskSpec> tasks = tasks(request.tasks(), errors);
        int reference = referenceIndex(losses);
        if (reference < 0 && errors.isEmpty()) {
            Loss ce = LossCatalog.find(REFERENCE).orElseThrow().loss();
            // Appended, so that every error and index still names the request's own entries.
            losses.add(new Resolved(ce, entry(REFERENCE, ce, null)));
            reference = losses.size() - 1;
        }
        if (!errors.isEmpty()) {
            throw Problems.invalidSearch(errors);
        }
        List<Integer> budgets = request.budgets() == null ? List.of(1) : request.budgets();
        if (new HashSet<>(budgets).size() != budgets.size()) {
            errors.add(new FieldError("budgets", "lists a multiplier twice"));
        }
        StudyDefinition definition = new StudyDefinition(
                losses.stream().map(Resolved::entry).toList(),
                tasks,
                request.seeds() == null ? StudyRequest.DEFAULT_SEEDS : request.seeds(),
                request.evaluateTest() == null || request.evaluateTest(),
                budgets,
                reference);
        checkTrials(definition, errors);
        if (!errors.isEmpty()) {
            throw Problems.invalidSearch(errors);
        }
        return definition;
    }

    private Optional<Resolved> resolve(StudyLoss given, String field, List<FieldError> errors) {
        Reduction reduction = given.reduction() == null ? null : Reduction.of(given.reduction());
        String text = given.loss().trim();
        Optional<LossCatalog.Entry> catalog = LossCatalog.find(text);
        Loss loss;
        String label;
        if (catalog.isPresent()) {
            loss = reduction == null
                    ? catalog.get().loss()
                    : new Loss(catalog.get().loss().expression(), reduction);
            label = catalog.get().name();
        } else if (HASH.matcher(text).matches()) {
            Optional<Loss> byHash = known.byHash(text);
            if (byHash.isEmpty()) {
                errors.add(new FieldError(field + ".loss", "no loss the orchestrator has seen has hash " + text));
                return Optional.empty();
            }
            loss = reduction == null ? byHash.get() : new Loss(byHash.get().expression(), reduction);
            label = InfixPrinter.print(loss.expression());
        } else {
            try {
                loss = LossCatalog.resolve(text, reduction);
            } catch (InvalidLossException e) {
                errors.add(new FieldError(
                        field + ".loss", "neither a catalog name nor a valid expression: " + e.getMessage()));
                return Optional.empty();
            }
            label = InfixPrinter.print(loss.expression());
        }
        StudyLoss.TaskOverrides overrides =
                given.overrides() == null || given.overrides().equals(NO_OVERRIDES) ? null : given.overrides();
        return Optional.of(new Resolved(
                loss,
                entry(given.label() == null || given.label().isBlank() ? label : given.label(), loss, overrides)));
    }

    private static StudyView.LossEntry entry(String label, Loss loss, StudyLoss.TaskOverrides overrides) {
        return new StudyView.LossEntry(
                label, InfixPrinter.print(loss.expression()), loss.reduction().id(), LossHash.of(loss), overrides);
    }

    /** The first entry that is plain cross-entropy (catalog loss, no overrides), or -1. */
    private static int referenceIndex(List<Resolved> losses) {
        String ce = LossHash.of(LossCatalog.find(REFERENCE).orElseThrow().loss());
        for (int i = 0; i < losses.size(); i++) {
            if (losses.get(i).entry().hash().equals(ce) && losses.get(i).entry().overrides() == null) {
                return i;
            }
        }
        return -1;
    }

    private List<TaskSpec> tasks(List<TaskSpec> given, List<FieldError> errors) {
        List<TaskSpec> tasks = new ArrayList<>();
        TrainerCapabilities.Known known = capabilities.known();
        for (int i = 0; i < given.size(); i++) {
            TaskSpec task = given.get(i).withDefaults();
            String field = "tasks[" + i + "]";
            task.violations().forEach(v -> errors.add(new FieldError(field + "." + v.field(), v.message())));
            errors.addAll(known.errors(field + ".", task));
            tasks.add(task);
        }
        return tasks;
    }

    /** Every trial's task must be valid (an override or a budget can break a limit); counts the trials. */
    private void checkTrials(StudyDefinition definition, List<FieldError> errors) {
        List<StudyDefinition.Trial> trials = definition.trials();
        if (trials.size() > MAX_TRIALS) {
            errors.add(new FieldError(
                    "seeds",
                    "the study would train " + trials.size() + " trials (losses × tasks × budgets × seeds); at most "
                            + MAX_TRIALS));
            return;
        }
        Set<String> reported = new HashSet<>();
        for (StudyDefinition.Trial trial : trials) {
            if (trial.seed() > 0) {
                continue; // seeds change nothing a limit checks
            }
            TaskSpec task = definition.taskOf(trial, json);
            for (var v : task.violations()) {
                String field = definition.losses().get(trial.loss()).overrides() != null
                        ? "losses[" + trial.loss() + "].overrides"
                        : "budgets";
                if (reported.add(field + v.field())) {
                    errors.add(new FieldError(
                            field, "makes task " + trial.task() + " invalid: " + v.field() + " " + v.message()));
                }
            }
        }
    }
}
