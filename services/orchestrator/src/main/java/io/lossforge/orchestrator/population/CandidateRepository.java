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

    @Query("select c from Candidate c where c.searchId = ?1 and c.status in ?2")
    List<Candidate> findBySearchAndStatus(UUID searchId, List<CandidateStatus> statuses);

    /** Candidates following the evaluation get its result (or its failure) in the same transaction. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
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

    /** Per (status, outcome, reason, reused) the number of candidates of a search: the basis of its counts. */
    @Query("select c.status, e.outcome, c.reason, c.reused, count(c) from Candidate c left join c.evaluation e"
            + " where c.searchId = ?1 group by 1, 2, 3, 4")
    List<Object[]> tally(UUID searchId);

    /** The best evaluated, successful, non-baseline candidate of a search. */
    @Query(
            "select c from Candidate c join fetch c.evaluation e where c.searchId = ?1 and c.status = io.lossforge.orchestrator.population.CandidateStatus.EVALUATED"
                    + " and e.outcome = io.lossforge.orchestrator.population.CandidateOutcome.SUCCEEDED and c.generation >= 0 order by e.fitness desc, c.generation, c.position"
                    + " limit 1")
    Optional<Candidate> findBest(UUID searchId);

    /** The candidate each successful evaluation on that dataset and model was first trained for, best first. */
    @Query(
            "select c from Candidate c join fetch c.evaluation e where c.status = io.lossforge.orchestrator.population.CandidateStatus.EVALUATED and c.reused = false"
                    + " and e.outcome = io.lossforge.orchestrator.population.CandidateOutcome.SUCCEEDED and e.dataset = ?1 and e.model = ?2 order by e.fitness desc, e.id")
    List<Candidate> findBestAcrossSearches(String dataset, String model, org.springframework.data.domain.Limit limit);
}
