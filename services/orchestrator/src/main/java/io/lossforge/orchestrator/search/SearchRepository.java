package io.lossforge.orchestrator.search;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface SearchRepository extends JpaRepository<SearchJob, UUID> {

    List<SearchJob> findByStateIn(List<SearchState> states);

    Page<SearchJob> findAllByOrderByCreatedAtDesc(Pageable page);

    long countByState(SearchState state);
}
