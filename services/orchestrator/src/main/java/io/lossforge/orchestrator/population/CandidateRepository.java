package io.lossforge.orchestrator.population;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Candidates; result columns live in their evaluation (joined, never copied). */
public interface CandidateRepository extends JpaRepository<Candidate, Long> {

    @Query("select c from Candidate c left join fetch c.evaluation where c.searchId = ?1 and c.generation = ?2"
            + " order by c.position")
    List<Candidate> findGeneration(UUID searchId, int generation);

    @Query("select c from Candidate c left join fetch c.evaluation where c.searchId = ?1"
            + " order by c.generation, c.position")
    List<Candidate> findSearch(UUID searchId);

    /**
     * PENDING candidates of the current generation and the baselines, locked, skipping rows another
     * replica is screening (index {@code candidate_unfinished}).
     */
    @Query(
            nativeQuery = true,
            value = "select * from candidate where search_id = ?1 and status = 'PENDING' and generation in (-1, ?2)"
                    + " order by generation, position limit ?3 for update skip locked")
    List<Candidate> lockPending(UUID searchId, int generation, int limit);

    @Query(
            nativeQuery = true,
            value = "select count(*) from candidate where search_id = ?1 and generation in (-1, ?2)"
                    + " and status in ('PENDING', 'EVALUATING')")
    long countUnfinished(UUID searchId, int generation);

    /** As {@link #countUnfinished} without the baselines: whether a rung can be promoted. */
    @Query(
            nativeQuery = true,
            value = "select count(*) from candidate where search_id = ?1 and generation = ?2"
                    + " and status in ('PENDING', 'EVALUATING')")
    long countUnfinishedBred(UUID searchId, int generation);

    /**
     * The search's state, its row share-locked for the caller's transaction: intake holds it while it takes
     * candidates in, so a cancel (which locks the row for update first) waits for the batch, or the batch for
     * the cancel, instead of the two locking candidates and evaluations in opposite orders (a deadlock).
     */
    @Query(nativeQuery = true, value = "select state from search where id = ?1 for share")
    String lockSearchState(UUID searchId);

    @Query("select c from Candidate c where c.searchId = ?1 and c.status in ?2")
    List<Candidate> findBySearchAndStatus(UUID searchId, List<CandidateStatus> statuses);

    /** Candidates following the evaluation get its result (or its failure) in the same transaction. */
    @Modifying(flushAutomatically = true)
    @Query(
            nativeQuery = true,
            value = "update candidate set status = ?2, evaluated_at = ?3 where evaluation_id = ?1"
                    + " and status = 'EVALUATING'")
    int settleFollowers(long evaluationId, String status, java.time.Instant now);

    @Query(nativeQuery = true, value = "select distinct search_id from candidate where evaluation_id = ?1")
    List<UUID> searchesFollowing(long evaluationId);

    @Query(
            nativeQuery = true,
            value = "select distinct evaluation_id from candidate where search_id = ?1 and status = 'EVALUATING'")
    List<Long> evaluationsFollowedBy(UUID searchId);

    Optional<Candidate> findFirstByHashOrderById(String hash);

    /** A page of a search's candidates in breeding order, evaluations fetched. */
    @Query(
            value = "select c from Candidate c left join fetch c.evaluation where c.searchId = ?1"
                    + " order by c.generation, c.position",
            countQuery = "select count(c) from Candidate c where c.searchId = ?1")
    org.springframework.data.domain.Page<Candidate> pageOfSearch(
            UUID searchId, org.springframework.data.domain.Pageable page);

    /** A page of one generation of a search, evaluations fetched. */
    @Query(
            value = "select c from Candidate c left join fetch c.evaluation where c.searchId = ?1"
                    + " and c.generation = ?2 order by c.position",
            countQuery = "select count(c) from Candidate c where c.searchId = ?1 and c.generation = ?2")
    org.springframework.data.domain.Page<Candidate> pageOfGeneration(
            UUID searchId, int generation, org.springframework.data.domain.Pageable page);

    /**
     * Per (status, outcome, reason, reused, equivalent, promoted) the number of candidate rows of a search:
     * the basis of its counts ({@code promoted}: a row above the rung its candidate entered at).
     */
    @Query("select c.status, e.outcome, c.reason, c.reused, c.equivalent,"
            + " case when c.generation >= 0 and c.rung > 0 then true else false end, count(c) from Candidate c"
            + " left join c.evaluation e where c.searchId = ?1 group by 1, 2, 3, 4, 5, 6")
    List<Object[]> tally(UUID searchId);

    /**
     * Per rung of a search: bred candidate rows (baselines left out), rows whose own evaluation a trainer
     * finished (not reused), and those trainings' wall-seconds.
     */
    @Query(
            nativeQuery = true,
            value = "select c.rung, count(*),"
                    + " count(*) filter (where not c.reused and e.status = 'FINISHED'),"
                    + " coalesce(sum((e.result ->> 'wallSeconds')::float8) filter (where not c.reused"
                    + " and e.status = 'FINISHED'), 0)"
                    + " from candidate c left join evaluation e on e.id = c.evaluation_id"
                    + " where c.search_id = ?1 and c.generation >= 0 group by c.rung order by c.rung")
    List<Object[]> rungTally(UUID searchId);

    /**
     * A search's successful bred rows below rung {@code top} that successive halving stopped: their
     * generation is finished and no row of theirs is at the next rung.
     */
    @Query(
            nativeQuery = true,
            value = "select count(*) from candidate c join evaluation e on e.id = c.evaluation_id"
                    + " where c.search_id = ?1 and c.generation >= 0 and c.rung < ?2 and c.status = 'EVALUATED'"
                    + " and e.outcome = 'SUCCEEDED' and exists (select 1 from generation_stats g"
                    + " where g.search_id = c.search_id and g.generation = c.generation)"
                    + " and not exists (select 1 from candidate u where u.search_id = c.search_id"
                    + " and u.generation = c.generation and u.position = c.position and u.rung = c.rung + 1)")
    long stoppedBelow(UUID searchId, int top);

    /**
     * (generation, position, rung, evaluation id, fitness) of a search's bred rows with an accuracy: the
     * rung-to-rung pairs.
     */
    @Query(
            nativeQuery = true,
            value = "select c.generation, c.position, c.rung, e.id, e.fitness from candidate c"
                    + " join evaluation e on e.id = c.evaluation_id where c.search_id = ?1 and c.generation >= 0"
                    + " and c.status = 'EVALUATED' and e.outcome = 'SUCCEEDED'")
    List<Object[]> rungFitness(UUID searchId);

    /**
     * Per reuse kind ({@code equivalent}) of a search's reused candidates: how many, and the trainer
     * wall-seconds of the finished evaluations they followed (from the trainer's report).
     */
    @Query(
            nativeQuery = true,
            value = "select c.equivalent, count(*), coalesce(sum((e.result ->> 'wallSeconds')::float8), 0)"
                    + " from candidate c join evaluation e on e.id = c.evaluation_id"
                    + " where c.search_id = ?1 and c.reused and c.status in ('EVALUATING', 'EVALUATED')"
                    + " group by c.equivalent")
    List<Object[]> reuseSavings(UUID searchId);

    /**
     * The mean trainer wall-seconds of a search's own trained (not reused) finished candidates on task
     * {@code fingerprint} (its top rung: what a candidate costs at the search's budget); null if none.
     */
    @Query(
            nativeQuery = true,
            value = "select avg((e.result ->> 'wallSeconds')::float8) from candidate c join evaluation e"
                    + " on e.id = c.evaluation_id where c.search_id = ?1 and c.task_fingerprint = ?2"
                    + " and not c.reused and e.status = 'FINISHED'")
    Double meanTrainedSeconds(UUID searchId, String fingerprint);

    /**
     * The best evaluated, successful, non-baseline candidate of a search on task {@code fingerprint} (the
     * search's own: its top rung).
     */
    @Query("select c from Candidate c join fetch c.evaluation e where c.searchId = ?1 and c.taskFingerprint = ?2"
            + " and c.status = io.lossforge.orchestrator.population.CandidateStatus.EVALUATED"
            + " and e.outcome = io.lossforge.orchestrator.population.CandidateOutcome.SUCCEEDED and c.generation >= 0 order by e.fitness desc, c.generation, c.position"
            + " limit 1")
    Optional<Candidate> findBest(UUID searchId, String fingerprint);

    /**
     * The candidate each successful evaluation on that dataset and model was first trained for, best first;
     * only evaluations of a search's own task (a lower multi-fidelity rung is a smaller budget).
     */
    @Query(
            "select c from Candidate c join fetch c.evaluation e where c.status = io.lossforge.orchestrator.population.CandidateStatus.EVALUATED and c.reused = false"
                    + " and e.outcome = io.lossforge.orchestrator.population.CandidateOutcome.SUCCEEDED and e.dataset = ?1 and e.model = ?2"
                    + " and c.taskFingerprint = (select s.taskFingerprint from Search s where s.id = c.searchId)"
                    + " order by e.fitness desc, e.id")
    List<Candidate> findBestAcrossSearches(String dataset, String model, org.springframework.data.domain.Limit limit);
}
