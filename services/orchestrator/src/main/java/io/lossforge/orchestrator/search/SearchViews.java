package io.lossforge.orchestrator.search;

import io.lossforge.api.search.RungView;
import io.lossforge.api.search.SearchView;
import io.lossforge.api.search.StageSavings;
import io.lossforge.api.search.TransferSpec;
import io.lossforge.orchestrator.population.Candidate;
import io.lossforge.orchestrator.population.CandidateOutcome;
import io.lossforge.orchestrator.population.CandidateRepository;
import io.lossforge.orchestrator.population.CandidateStatus;
import io.lossforge.orchestrator.population.RungTasks;
import io.lossforge.search.Fidelity;
import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A search as the API shows it: its row, its specs and the tally of its candidates. */
@Component
class SearchViews {

    private final CandidateRepository candidates;
    private final RungViews rungViews;
    private final JsonMapper json;

    SearchViews(CandidateRepository candidates, RungViews rungViews, JsonMapper json) {
        this.candidates = candidates;
        this.rungViews = rungViews;
        this.json = json;
    }

    TaskSpec task(Search search) {
        return json.readValue(search.task(), TaskSpec.class);
    }

    SearchSpec spec(Search search) {
        return json.readValue(search.spec(), SearchSpec.class);
    }

    /** The search's task at each of its rungs ({@link io.lossforge.search.Fidelity}); one rung when it is off. */
    RungTasks rungTasks(Search search) {
        TaskSpec task = task(search);
        Fidelity fidelity = spec(search).withDefaults().fidelity();
        List<String> texts = new java.util.ArrayList<>();
        List<String> fingerprints = new java.util.ArrayList<>();
        for (int rung = 0; rung <= fidelity.top(); rung++) {
            TaskSpec at = fidelity.taskAt(task, rung);
            // The top rung is the search's task exactly as stored, so its evaluations are the same cache entries.
            texts.add(rung == fidelity.top() ? search.task() : json.writeValueAsString(at));
            fingerprints.add(rung == fidelity.top() ? search.taskFingerprint() : at.fingerprint());
        }
        return new RungTasks(texts, fingerprints);
    }

    SearchView of(Search search) {
        long total = 0, evaluated = 0, cacheHits = 0, equivalent = 0, diverged = 0, failed = 0, unevaluated = 0;
        long pending = 0, doesNotLearn = 0;
        Map<String, Long> screenedOut = new TreeMap<>();
        for (Object[] row : candidates.tally(search.id())) {
            CandidateStatus status = (CandidateStatus) row[0];
            CandidateOutcome outcome = (CandidateOutcome) row[1];
            boolean reused = (Boolean) row[3];
            boolean viaEquivalence = (Boolean) row[4];
            boolean promoted = (Boolean) row[5];
            long count = (Long) row[6];
            if (promoted) { // counted where it entered; only its wait shows
                pending += status == CandidateStatus.PENDING || status == CandidateStatus.EVALUATING ? count : 0;
                continue;
            }
            total += count;
            switch (status) {
                case PENDING, EVALUATING -> pending += count;
                case REJECTED -> {
                    if (Candidate.DOES_NOT_LEARN.equals(row[2])) {
                        doesNotLearn += count;
                    } else {
                        screenedOut.merge((String) row[2], count, Long::sum);
                    }
                }
                case UNEVALUATED -> unevaluated += count;
                case EVALUATED -> {
                    if (viaEquivalence) {
                        equivalent += count;
                    } else if (reused) {
                        cacheHits += count;
                    } else {
                        evaluated += count;
                        diverged += outcome == CandidateOutcome.DIVERGED ? count : 0;
                        failed += outcome == CandidateOutcome.INVALID_LOSS ? count : 0;
                    }
                }
            }
        }
        SearchSpec spec = spec(search);
        TaskSpec task = task(search);
        List<RungView> rungs =
                rungViews.of(search.id(), task, spec.withDefaults().fidelity());
        SearchView.Counts counts = new SearchView.Counts(
                total,
                evaluated,
                screenedOut,
                cacheHits,
                diverged,
                failed,
                unevaluated,
                pending,
                equivalent,
                doesNotLearn);
        SearchView.Best best = candidates
                .findBest(search.id(), search.taskFingerprint())
                .map(c -> new SearchView.Best(c.hash(), c.expression(), c.fitness(), c.generation()))
                .orElse(null);
        return new SearchView(
                search.id(),
                search.name(),
                search.state(),
                task,
                spec,
                search.reduction(),
                search.generation(),
                search.generationLimit(),
                counts,
                best,
                search.message(),
                search.blockedReason(),
                search.createdAt(),
                search.startedAt(),
                search.finishedAt(),
                search.createdBy(),
                stageSavings(search, spec.withDefaults(), counts, rungs),
                rungs,
                search.transfer() == null ? null : json.readValue(search.transfer(), TransferSpec.class),
                search.transferStudyId());
    }

    /**
     * Per stage what it removed and saved. Rejections are priced at the search's mean trained seconds at its
     * top rung (an estimate: a rejected loss was never trained); reuses at what the followed evaluations
     * took; multi-fidelity by {@link RungViews#savings}.
     */
    private List<StageSavings> stageSavings(
            Search search, SearchSpec spec, SearchView.Counts counts, List<RungView> rungs) {
        UUID searchId = search.id();
        SearchSpec.Stages stages = spec.stages();
        double[] reuseSeconds = new double[2];
        long[] reuseCount = new long[2];
        for (Object[] row : candidates.reuseSavings(searchId)) {
            int kind = (Boolean) row[0] ? 1 : 0;
            reuseCount[kind] = ((Number) row[1]).longValue();
            reuseSeconds[kind] = ((Number) row[2]).doubleValue();
        }
        Double mean = candidates.meanTrainedSeconds(searchId, search.taskFingerprint());
        long screened = counts.screenedOut().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        return List.of(
                estimated(StageSavings.SCREENING, true, screened, mean),
                estimated(StageSavings.REJECTION, stages.rejection(), counts.doesNotLearn(), mean),
                new StageSavings(StageSavings.HASH_CACHE, true, reuseCount[0], reuseSeconds[0], false),
                new StageSavings(
                        StageSavings.GRADIENT_EQUIVALENCE,
                        stages.gradientEquivalence(),
                        reuseCount[1],
                        reuseSeconds[1],
                        false),
                rungViews.savings(searchId, spec.fidelity().enabled(), rungs, mean));
    }

    private static StageSavings estimated(String stage, boolean enabled, long removed, Double meanSeconds) {
        return new StageSavings(stage, enabled, removed, meanSeconds == null ? 0.0 : removed * meanSeconds, true);
    }
}
