package io.lossforge.orchestrator.dispatch;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AttemptRepository extends JpaRepository<Attempt, UUID> {

    @Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Attempt a where a.id = ?1")
    Optional<Attempt> findForUpdate(UUID id);

    /** Live attempts per trainer (index {@code attempt_live_trainer}): rows of [trainer id, count]. */
    @Query(
            nativeQuery = true,
            value = "select trainer_id, count(*) from attempt where state in ('LEASED', 'RUNNING')"
                    + " and trainer_id in (?1) group by trainer_id")
    List<Object[]> countLive(Collection<UUID> trainerIds);

    @Query(
            nativeQuery = true,
            value = "select * from attempt where trainer_id = ?1 and state in ('LEASED', 'RUNNING') for update")
    List<Attempt> lockLiveOn(UUID trainerId);

    @Query(nativeQuery = true, value = "select * from attempt where state in ('LEASED', 'RUNNING') order by claimed_at")
    List<Attempt> findLive();

    /**
     * Live attempts on STATIC trainers (which send no heartbeats, so the sweeper asks about them): one
     * query per sweep, not one trainer lookup per live attempt.
     */
    @Query(
            nativeQuery = true,
            value = "select a.* from attempt a join trainer t on t.id = a.trainer_id where t.origin = 'STATIC'"
                    + " and a.state in ('LEASED', 'RUNNING') order by a.claimed_at")
    List<Attempt> findLiveOnStaticTrainers();

    /** Live attempts whose confirmation deadline passed (index {@code attempt_live_deadline}). */
    @Query(
            nativeQuery = true,
            value = "select * from attempt where state in ('LEASED', 'RUNNING') and lease_deadline < ?1"
                    + " for update skip locked")
    List<Attempt> lockUnconfirmed(Instant now);

    /** Running attempts whose progress has not grown since {@code before} (index {@code attempt_stall}). */
    @Query(
            nativeQuery = true,
            value = "select * from attempt where state = 'RUNNING' and last_progress_at < ?1 for update skip locked")
    List<Attempt> lockStalled(Instant before);

    @Query(
            nativeQuery = true,
            value = "select * from attempt where evaluation_id in (?1) and state in ('LEASED', 'RUNNING') for update")
    List<Attempt> lockLiveOf(Collection<Long> evaluationIds);

    /** The fence before a delayed send: false when the attempt was given up meanwhile. */
    @Query(nativeQuery = true, value = "select count(*) > 0 from attempt where id = ?1 and state = 'LEASED'")
    boolean isLeased(UUID id);

    long countByStateIn(Collection<AttemptState> states);
}
