package io.lossforge.orchestrator.search;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface CandidateRepository extends JpaRepository<Candidate, Long> {

    List<Candidate> findBySearchIdAndGenerationOrderByPosition(UUID searchId, int generation);

    List<Candidate> findBySearchIdAndStatus(UUID searchId, String status);

    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Candidate c where c.id = ?1")
    Optional<Candidate> findForUpdate(long id);

    @Query("""
            select c.id from Candidate c where c.searchId = ?1 and c.status = 'PENDING'
            and (c.generation = ?2 or c.generation = -1) order by c.generation, c.position""")
    List<Long> findPendingIds(UUID searchId, int generation);

    List<Candidate> findBySearchIdOrderByGenerationAscPositionAsc(UUID searchId);

    List<Candidate> findByCachedFromAndStatus(Long cachedFrom, String status);

    long countBySearchIdAndGenerationInAndStatusNot(UUID searchId, List<Integer> generations, String status);

    /** An evaluation of the same loss under the same task that can be reused (not itself a reuse; see Candidate#isReusable). */
    @Query("""
            select c from Candidate c where c.hash = ?1 and c.taskFingerprint = ?2 and c.status = 'DONE'
            and c.cachedFrom is null and c.outcome in ('SUCCEEDED', 'DIVERGED') order by c.id limit 1""")
    Optional<Candidate> findReusable(String hash, String taskFingerprint);

    /**
     * A candidate of the same loss and task being trained right now, in a running search; locked, so
     * that a result being recorded for it commits first (and the row then no longer matches).
     */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("""
            select c from Candidate c where c.hash = ?1 and c.taskFingerprint = ?2 and c.status = 'QUEUED'
            and exists (select 1 from SearchJob s where s.id = c.searchId and s.state = 'RUNNING')
            order by c.id limit 1""")
    Optional<Candidate> findInFlight(String hash, String taskFingerprint);

    Optional<Candidate> findFirstByHashOrderById(String hash);

    /** Per (status, outcome, reason, reused) the number of candidates of a search: the basis of its counts. */
    @Query("""
            select c.status, c.outcome, c.reason, case when c.cachedFrom is null then false else true end, count(c)
            from Candidate c where c.searchId = ?1 group by 1, 2, 3, 4""")
    List<Object[]> tally(UUID searchId);

    /** The best trained, successful, non-baseline candidate of a search. */
    @Query("""
            select c from Candidate c where c.searchId = ?1 and c.status = 'DONE' and c.outcome = 'SUCCEEDED'
            and c.generation >= 0 order by c.fitness desc, c.id limit 1""")
    Optional<Candidate> findBest(UUID searchId);

    /** Trained (not reused) successful candidates of searches on that dataset and model, best first. */
    @Query("""
            select c from Candidate c, SearchJob s where c.searchId = s.id and c.status = 'DONE'
            and c.cachedFrom is null and c.outcome = 'SUCCEEDED' and s.dataset = ?1 and s.model = ?2
            order by c.fitness desc, c.id""")
    List<Candidate> findBestAcrossSearches(String dataset, String model, org.springframework.data.domain.Limit limit);
}
