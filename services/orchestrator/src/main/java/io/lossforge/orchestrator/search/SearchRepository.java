package io.lossforge.orchestrator.search;

import io.lossforge.api.search.SearchState;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface SearchRepository extends JpaRepository<SearchJob, UUID> {

    List<SearchJob> findByStateIn(List<SearchState> states);

    /** The search row locked until the transaction ends: state changes (cancel, finish, breed) serialize. */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @org.springframework.data.jpa.repository.Query("select s from SearchJob s where s.id = ?1")
    java.util.Optional<SearchJob> findForUpdate(UUID id);

    Page<SearchJob> findAllByOrderByCreatedAtDesc(Pageable page);

    long countByState(SearchState state);
}
