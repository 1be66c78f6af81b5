package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface SearchRepository extends JpaRepository<Search, UUID> {

    List<Search> findByStateIn(List<SearchState> states);

    /**
     * The search row locked until the transaction ends: start, cancel, resume and breeding serialize on
     * it, across replicas too (READ COMMITTED re-reads the row once the lock is granted).
     */
    @Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Search s where s.id = ?1")
    Optional<Search> findForUpdate(UUID id);

    Page<Search> findAllByOrderByCreatedAtDesc(Pageable page);

    long countByState(SearchState state);

    /** Searches started by API key {@code createdBy} that are still in one of {@code states}. */
    long countByCreatedByAndStateIn(String createdBy, List<SearchState> states);

    /**
     * Serializes the per-key limit check with the insert that follows, across replicas: two concurrent
     * starts by one key cannot both see room for one more (a transaction-scoped advisory lock).
     */
    @Query(value = "select pg_advisory_xact_lock(hashtext('search-limit:' || ?1))::text", nativeQuery = true)
    String lockKey(String createdBy);

    /** SUCCEEDED searches whose closing study is still to start (index {@code search_transfer_pending}). */
    @Query("select s from Search s where s.transfer is not null and s.transferStudyId is null"
            + " and s.state = io.lossforge.api.search.SearchState.SUCCEEDED")
    List<Search> findPendingTransfers();
}
