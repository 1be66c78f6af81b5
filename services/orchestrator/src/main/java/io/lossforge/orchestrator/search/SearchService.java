package io.lossforge.orchestrator.search;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import io.lossforge.api.search.GenerationView;
import io.lossforge.api.search.SearchRequest;
import io.lossforge.api.search.SearchState;
import io.lossforge.api.search.SearchView;
import io.lossforge.api.search.TransferSpec;
import io.lossforge.orchestrator.population.Results;
import io.lossforge.orchestrator.web.Problems;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import io.lossforge.web.ProblemException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The search API's use cases: create, read, list, cancel, resume. The engine itself is {@link SearchEngine}. */
@Service
public class SearchService {

    private final SearchRepository searches;
    private final GenerationStatsRepository stats;
    private final Results results;
    private final TrainerCapabilities capabilities;
    private final SearchViews views;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final io.lossforge.orchestrator.OrchestratorProperties.Limits limits;

    SearchService(
            SearchRepository searches,
            GenerationStatsRepository stats,
            Results results,
            TrainerCapabilities capabilities,
            SearchViews views,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock,
            io.lossforge.orchestrator.OrchestratorProperties properties) {
        this.limits = properties.limits();
        this.searches = searches;
        this.stats = stats;
        this.results = results;
        this.capabilities = capabilities;
        this.views = views;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Validates and stores a new search (QUEUED) started by API key {@code createdBy}; the engine starts it at
     * once. Refused with 429 when that key already has its limit of searches queued or running.
     */
    @Transactional
    public SearchView create(SearchRequest request, String createdBy) {
        TaskSpec task = request.task().withDefaults();
        SearchSpec spec = (request.search() == null ? emptySpec() : request.search()).withDefaults();
        List<FieldError> errors = new ArrayList<>();
        task.violations().forEach(v -> errors.add(new FieldError("task." + v.field(), v.message())));
        spec.violations().forEach(v -> errors.add(new FieldError("search." + v.field(), v.message())));
        TrainerCapabilities.Known known = null;
        if (errors.isEmpty()) {
            spec.fidelity()
                    .violations(task)
                    .forEach(v -> errors.add(new FieldError("search." + v.field(), v.message())));
            known = capabilities.known();
            errors.addAll(known.errors("task.", task));
        }
        if (request.transfer() != null) {
            checkTransfer(request.transfer(), known != null ? known : capabilities.known(), errors);
        }
        if (!errors.isEmpty()) {
            throw Problems.invalidSearch(errors);
        }
        requireRoom(createdBy);
        String reduction = request.reduction() == null ? io.lossforge.loss.Reduction.MEAN.id() : request.reduction();
        Search search = searches.save(new Search(
                UUID.randomUUID(),
                request.name(),
                json.writeValueAsString(task),
                task.dataset(),
                task.model(),
                task.fingerprint(),
                json.writeValueAsString(spec),
                reduction,
                spec.generations(),
                createdBy,
                clock.instant()));
        if (request.transfer() != null) {
            search.askTransfer(json.writeValueAsString(request.transfer()));
        }
        events.publishEvent(new SearchEngine.SearchChanged(search.id()));
        return views.of(search);
    }

    /** The closing study's tasks must be valid tasks the trainers know, its comparisons catalog losses. */
    private static void checkTransfer(TransferSpec transfer, TrainerCapabilities.Known known, List<FieldError> errors) {
        for (int i = 0; i < transfer.tasks().size(); i++) {
            TaskSpec t = transfer.tasks().get(i).withDefaults();
            String field = "transfer.tasks[" + i + "]";
            t.violations().forEach(v -> errors.add(new FieldError(field + "." + v.field(), v.message())));
            errors.addAll(known.errors(field + ".", t));
        }
        if (transfer.compareWith() != null) {
            transfer.compareWith().stream()
                    .filter(name -> io.lossforge.loss.LossCatalog.find(name).isEmpty())
                    .forEach(name ->
                            errors.add(new FieldError("transfer.compareWith", "'" + name + "' is not a catalog loss")));
        }
    }

    /** A SUCCEEDED search whose closing study is still to be started. */
    public record PendingTransfer(UUID searchId, String name, String createdBy, TransferSpec transfer) {}

    @Transactional(readOnly = true)
    public List<PendingTransfer> pendingTransfers() {
        return searches.findPendingTransfers().stream()
                .map(s -> new PendingTransfer(
                        s.id(), s.name(), s.createdBy(), json.readValue(s.transfer(), TransferSpec.class)))
                .toList();
    }

    /**
     * Records {@code studyId} as the search's closing study, in the caller's transaction (the one that
     * created the study); false when another replica recorded one first (the caller then rolls back).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean transferStarted(UUID searchId, UUID studyId) {
        Search search = lock(searchId);
        if (search.transferStudyId() != null) {
            return false;
        }
        search.transferStarted(studyId);
        return true;
    }

    /**
     * Refuses (429) when key {@code createdBy} already has its limit of searches queued or running. The
     * advisory lock serializes this check with the insert or update that follows, across replicas.
     */
    private void requireRoom(String createdBy) {
        searches.lockKey(createdBy);
        long live = searches.countByCreatedByAndStateIn(createdBy, List.of(SearchState.QUEUED, SearchState.RUNNING));
        int limit = limits.runningSearchesPerKey();
        if (live >= limit) {
            throw new ProblemException(
                    ProblemType.TOO_MANY_SEARCHES,
                    "the API key '" + createdBy + "' already has " + live + " searches queued or running (its limit is "
                            + limit + "); cancel one or wait for one to end");
        }
    }

    @Transactional(readOnly = true)
    public SearchView get(UUID id) {
        return views.of(find(id));
    }

    @Transactional(readOnly = true)
    public Page<SearchView> list(int page, int size) {
        return searches.findAllByOrderByCreatedAtDesc(PageRequest.of(page, size))
                .map(views::of);
    }

    /** Stops dispatching, stops its running attempts, keeps every result; 409 if the search already ended. */
    @Transactional
    public SearchView cancel(UUID id) {
        // The search decides what it allows: an impossible transition is IllegalTransition, a 409 conflict.
        Search search = lock(id);
        search.cancel(clock.instant());
        results.release(id);
        return views.of(search);
    }

    /**
     * Continues a FAILED or CANCELLED search from its current generation (finished generations are kept
     * as they are; the current one's unevaluated candidates get a fresh failure budget), and adds {@code
     * extraGenerations} to its limit, which also lets a SUCCEEDED search go on. 409 if it is running.
     */
    @Transactional
    public SearchView resume(UUID id, int extraGenerations) {
        Search search = lock(id);
        boolean wasLive = search.state() == SearchState.QUEUED || search.state() == SearchState.RUNNING;
        if (!wasLive && search.createdBy() != null) {
            // Running again counts against the key that started it, as a new start would.
            requireRoom(search.createdBy());
        }
        search.resume(extraGenerations, clock.instant());
        results.retryUnevaluated(id, search.generation());
        events.publishEvent(new SearchEngine.SearchChanged(id));
        return views.of(search);
    }

    /** Finished generations with best and median fitness and diversity. */
    @Transactional(readOnly = true)
    public List<GenerationView> generations(UUID id) {
        find(id);
        return stats.findBySearchIdOrderByGeneration(id).stream()
                .map(s -> new GenerationView(
                        s.generation,
                        s.candidates,
                        s.evaluated,
                        s.bestFitness,
                        s.medianFitness,
                        s.diversity,
                        s.finishedAt))
                .toList();
    }

    /** Whether the search exists (404 otherwise); for the other features' endpoints. */
    @Transactional(readOnly = true)
    public void requireExists(UUID id) {
        find(id);
    }

    /**
     * The fingerprint of the search's own task (404 if there is no such search): its top rung, where its
     * results are comparable with its baselines'.
     */
    @Transactional(readOnly = true)
    public String taskFingerprint(UUID id) {
        return find(id).taskFingerprint();
    }

    private Search lock(UUID id) {
        return searches.findForUpdate(id).orElseThrow(() -> new Problems.NotFound("no search " + id));
    }

    private Search find(UUID id) {
        return searches.findById(id).orElseThrow(() -> new Problems.NotFound("no search " + id));
    }

    private static SearchSpec emptySpec() {
        return new SearchSpec(null, null, null, null, null, null, null, null, null, null, null);
    }
}
