package io.lossforge.orchestrator.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TrainerRepository extends JpaRepository<Trainer, UUID> {

    /** Trainers in {@code state} (the metrics' lost and quarantined trainers). */
    long countByState(io.lossforge.api.trainer.TrainerState state);

    /** The id only: the row is then locked with {@link #findForUpdate}, which must be its first load. */
    @Query(nativeQuery = true, value = "select id from trainer where url = ?1")
    Optional<UUID> findIdByUrl(String url);

    /** Registered trainers not yet LOST whose last heartbeat is older than {@code cutoff}. */
    @Query(
            nativeQuery = true,
            value = "select id from trainer where origin = 'REGISTERED' and state <> 'LOST' and last_heartbeat < ?1")
    List<UUID> findSilentSince(Instant cutoff);

    @Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Trainer t where t.id = ?1")
    Optional<Trainer> findForUpdate(UUID id);

    /**
     * Trainers that may take attempts, locked; rows another replica is claiming for are skipped, so slot
     * accounting is serialized per trainer across replicas.
     */
    @Query(
            nativeQuery = true,
            value = "select * from trainer where state in ('ACTIVE', 'QUARANTINED') for update skip locked")
    List<Trainer> lockDispatchable();

    /** Whether a success would change the breaker (failures counted, or a probe): read without a lock. */
    @Query(
            nativeQuery = true,
            value = "select count(*) > 0 from trainer where id = ?1"
                    + " and (consecutive_failures > 0 or state = 'QUARANTINED')")
    boolean breakerOpenOrCounting(UUID id);

    @Modifying
    @Query(
            nativeQuery = true,
            value = "insert into trainer_refusal (trainer_id, task_fingerprint, until, reason) values (?1, ?2, ?3, ?4)"
                    + " on conflict (trainer_id, task_fingerprint) do update set until = excluded.until,"
                    + " reason = excluded.reason")
    void refuse(UUID trainerId, String taskFingerprint, Instant until, String reason);

    @Modifying
    @Query(
            nativeQuery = true,
            value = "delete from trainer t where t.state = 'LOST' and t.state_since < ?1 and not exists"
                    + " (select 1 from attempt a where a.trainer_id = t.id and a.state in ('LEASED', 'RUNNING'))")
    int pruneLost(Instant before);
}
