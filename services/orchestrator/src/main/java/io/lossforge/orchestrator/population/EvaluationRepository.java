package io.lossforge.orchestrator.population;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Evaluations; the claim query is the dispatcher's hot path (index {@code evaluation_queue}). */
public interface EvaluationRepository extends JpaRepository<Evaluation, Long> {

    @Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from Evaluation e where e.id = ?1")
    Optional<Evaluation> findForUpdate(long id);

    /** The reuse rule: the oldest FINISHED evaluation of the loss and task (index {@code evaluation_reuse}). */
    @Query(
            nativeQuery = true,
            value = "select * from evaluation where hash = ?1 and task_fingerprint = ?2 and status = 'FINISHED'"
                    + " order by id limit 1")
    Optional<Evaluation> findReusable(String hash, String taskFingerprint);

    @Query(
            nativeQuery = true,
            value = "select * from evaluation where hash = ?1 and task_fingerprint = ?2 and status = 'OPEN'")
    Optional<Evaluation> findOpen(String hash, String taskFingerprint);

    /**
     * Opens an evaluation unless one is OPEN for the loss and task already (another replica or search may
     * race: the partial unique index {@code evaluation_open_key} decides, without an error).
     */
    @Modifying
    @Query(
            nativeQuery = true,
            value = "insert into evaluation (hash, task_fingerprint, expression, reduction, task, dataset, model,"
                    + " status, ready_at, created_at, first_candidate_id, family_key)"
                    + " values (?1, ?2, ?3, ?4, cast(?5 as jsonb), ?6, ?7, 'OPEN', ?8, ?8, ?9, ?10)"
                    + " on conflict (hash, task_fingerprint) where status = 'OPEN' do nothing")
    int open(
            String hash,
            String taskFingerprint,
            String expression,
            String reduction,
            String task,
            String dataset,
            String model,
            Instant now,
            Long firstCandidateId,
            String familyKey);

    /**
     * OPEN or FINISHED evaluations of the task whose loss has the gradient family key {@code familyKey},
     * oldest first (index {@code evaluation_family}): the only ones a candidate with that key can be
     * equivalent to. FINISHED ones with another outcome than SUCCEEDED are included: an equivalent loss
     * diverges or fails alike.
     */
    @Query(
            nativeQuery = true,
            value = "select * from evaluation where family_key = ?1 and task_fingerprint = ?2"
                    + " and status in ('OPEN', 'FINISHED') order by id limit ?3")
    List<Evaluation> findFamily(String familyKey, String taskFingerprint, int limit);

    /**
     * Holds, until the transaction ends, the lock of one (family key, task) pair: look-up and insert of an
     * evaluation of that family happen under it, so concurrent replicas see each other's new evaluation.
     */
    @Query(nativeQuery = true, value = "select pg_advisory_xact_lock(hashtextextended('family:' || ?1, 0))::text")
    String lockFamily(String familyAndTask);

    /** Evaluations from before gradient equivalence, whose family key is still to be computed. */
    @Query(
            nativeQuery = true,
            value = "select * from evaluation where family_key is null order by id limit ?1 for update skip locked")
    List<Evaluation> findWithoutFamilyKey(int limit);

    /**
     * Up to {@code limit} evaluations ready for an attempt, oldest first, locked; rows another replica holds
     * are skipped ({@code SKIP LOCKED}), as are tasks the trainer refused recently, and evaluations this
     * trainer already failed with one of {@code blamingOutcomes} while another ACTIVE trainer could take
     * them: a broken trainer with a free slot would otherwise take the same evaluation again at once and
     * use up its attempts, although a healthy trainer exists (its breaker counts each evaluation once).
     */
    @Query(
            nativeQuery = true,
            value = "select e.* from evaluation e where e.status = 'OPEN' and e.live_attempt_id is null"
                    + " and e.ready_at <= ?2 and not exists (select 1 from trainer_refusal r where r.trainer_id = ?1"
                    + " and r.task_fingerprint = e.task_fingerprint and r.until > ?2)"
                    + " and (not exists (select 1 from attempt a where a.evaluation_id = e.id and a.trainer_id = ?1"
                    + " and a.outcome in (?4))"
                    + " or not exists (select 1 from trainer o where o.id <> ?1 and o.state = 'ACTIVE'"
                    + " and not exists (select 1 from trainer_refusal r2 where r2.trainer_id = o.id"
                    + " and r2.task_fingerprint = e.task_fingerprint and r2.until > ?2)))"
                    + " order by e.ready_at, e.id limit ?3 for update of e skip locked")
    List<Evaluation> claimable(UUID trainerId, Instant now, int limit, java.util.Collection<String> blamingOutcomes);

    long countByStatusAndLiveAttemptIdIsNull(EvaluationStatus status);

    /** OPEN evaluations no unfinished candidate of a running search, nor a running study, follows any more. */
    @Query(
            nativeQuery = true,
            value = "select e.* from evaluation e where e.status = 'OPEN' and e.id in (?1) and not exists"
                    + " (select 1 from candidate c where c.evaluation_id = e.id and c.status = 'EVALUATING')"
                    + " and not exists (select 1 from study_trial t join study s on s.id = t.study_id"
                    + " where t.evaluation_id = e.id and s.state = 'RUNNING')"
                    + " for update of e")
    List<Evaluation> unneeded(java.util.Collection<Long> ids);
}
