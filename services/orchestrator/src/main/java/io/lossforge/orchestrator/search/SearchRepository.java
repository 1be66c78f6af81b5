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
}
