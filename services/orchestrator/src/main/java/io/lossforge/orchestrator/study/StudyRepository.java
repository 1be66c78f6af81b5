package io.lossforge.orchestrator.study;

import io.lossforge.api.study.StudyState;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface StudyRepository extends JpaRepository<Study, UUID> {

    @Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Study s where s.id = ?1")
    Optional<Study> findForUpdate(UUID id);

    List<Study> findByState(StudyState state);

    Page<Study> findAllByOrderByCreatedAtDesc(Pageable page);
}
