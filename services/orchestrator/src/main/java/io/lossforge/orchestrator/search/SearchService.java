package io.lossforge.orchestrator.search;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.search.GenerationView;
import io.lossforge.api.search.SearchRequest;
import io.lossforge.api.search.SearchState;
import io.lossforge.api.search.SearchView;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The search API's use cases: create, read, list, cancel. The engine itself is {@link SearchDriver}. */
@Service
public class SearchService {

    private final SearchRepository searches;
    private final CandidateRepository candidates;
    private final GenerationStatsRepository stats;
    private final TrialQueue trials;
    private final TrainerCapabilities capabilities;
    private final JsonMapper json;

    SearchService(
            SearchRepository searches,
            CandidateRepository candidates,
            GenerationStatsRepository stats,
            TrialQueue trials,
            TrainerCapabilities capabilities,
            JsonMapper json) {
        this.capabilities = capabilities;
        this.searches = searches;
        this.candidates = candidates;
        this.stats = stats;
        this.trials = trials;
        this.json = json;
    }

    /** Validates and stores a new search (QUEUED); the driver starts it within a tick. */
    @Transactional
    public SearchView create(SearchRequest request) {
        TaskSpec task = request.task().withDefaults();
        SearchSpec spec = (request.search() == null ? emptySpec() : request.search()).withDefaults();
        List<FieldError> errors = new ArrayList<>();
        task.violations().forEach(v -> errors.add(new FieldError("task." + v.field(), v.message())));
        spec.violations().forEach(v -> errors.add(new FieldError("search." + v.field(), v.message())));
        if (errors.isEmpty()) {
            known("task.dataset", task.dataset(), capabilities.datasets(), errors);
            known("task.model", task.model(), capabilities.models(), errors);
        }
        if (!errors.isEmpty()) {
            throw SearchProblems.invalidSearch(errors);
        }
        String reduction = request.reduction() == null ? io.lossforge.loss.Reduction.MEAN.id() : request.reduction();
        SearchJob job = new SearchJob(
                UUID.randomUUID(),
                request.name(),
                json.writeValueAsString(task),
                task.dataset(),
                task.model(),
                task.fingerprint(),
                json.writeValueAsString(spec),
                reduction);
        return view(searches.save(job));
    }

    private static void known(
            String field, String name, java.util.Optional<java.util.Set<String>> known, List<FieldError> errors) {
        known.filter(names -> !names.contains(name))
                .ifPresent(names -> errors.add(new FieldError(
                        field,
                        "'" + name + "' is unknown to the trainers; known: "
                                + String.join(", ", new java.util.TreeSet<>(names)))));
    }

    @Transactional(readOnly = true)
    public SearchView get(UUID id) {
        return view(job(id));
    }

    @Transactional(readOnly = true)
    public Page<SearchView> list(int page, int size) {
        return searches.findAllByOrderByCreatedAtDesc(PageRequest.of(page, size))
                .map(this::view);
    }

    /** Stops dispatching, cancels running trials, keeps every result; 409 if the search already ended. */
    @Transactional
    public SearchView cancel(UUID id) {
        SearchJob job = jobForUpdate(id);
        if (job.state.isFinal()) {
            throw new SearchProblems.Conflict("search " + id + " already ended " + job.state);
        }
        job.finish(SearchState.CANCELLED, "cancelled by request");
        trials.cancelSearch(id);
        return view(job);
    }

    /** Finished generations with best and median fitness and diversity. */
    @Transactional(readOnly = true)
    public List<GenerationView> generations(UUID id) {
        job(id);
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

    /** The search, locked for the rest of the transaction (see SearchRepository#findForUpdate). */
    SearchJob jobForUpdate(UUID id) {
        return searches.findForUpdate(id).orElseThrow(() -> new SearchProblems.NotFound("no search " + id));
    }

    SearchJob job(UUID id) {
        return searches.findById(id).orElseThrow(() -> new SearchProblems.NotFound("no search " + id));
    }

    TaskSpec task(SearchJob job) {
        return json.readValue(job.task, TaskSpec.class);
    }

    SearchSpec spec(SearchJob job) {
        return json.readValue(job.spec, SearchSpec.class);
    }

    private SearchView view(SearchJob job) {
        long total = 0;
        long evaluated = 0;
        long cacheHits = 0;
        long diverged = 0;
        long failed = 0;
        long pending = 0;
        Map<String, Long> screenedOut = new TreeMap<>();
        for (Object[] row : candidates.tally(job.id)) {
            String status = (String) row[0];
            String outcome = (String) row[1];
            boolean reused = (Boolean) row[3];
            long count = (Long) row[4];
            total += count;
            if (!"DONE".equals(status)) {
                pending += count;
            } else if ("REJECTED".equals(outcome)) {
                screenedOut.merge((String) row[2], count, Long::sum);
            } else if (reused) {
                cacheHits += count;
            } else {
                evaluated += count;
                diverged += "DIVERGED".equals(outcome) ? count : 0;
                failed += "FAILED".equals(outcome) || "CANCELLED".equals(outcome) ? count : 0;
            }
        }
        SearchView.Best best = candidates
                .findBest(job.id)
                .map(c -> new SearchView.Best(c.hash, c.expression, c.fitness, c.generation))
                .orElse(null);
        return new SearchView(
                job.id,
                job.name,
                job.state,
                task(job),
                spec(job),
                job.reduction,
                job.generation,
                spec(job).generations(),
                new SearchView.Counts(total, evaluated, screenedOut, cacheHits, diverged, failed, 0, pending),
                best,
                job.message,
                null,
                job.createdAt,
                job.startedAt,
                job.finishedAt);
    }

    private static SearchSpec emptySpec() {
        return new SearchSpec(null, null, null, null, null, null, null, null, null, null, null);
    }
}
