package io.lossforge.orchestrator.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TrialRepository extends JpaRepository<Trial, String> {

    List<Trial> findByStateOrderByCreatedAt(String state, org.springframework.data.domain.Limit limit);

    List<Trial> findByStateAndLeaseDeadlineBefore(String state, Instant deadline);

    long countByStateAndTrainerId(String state, UUID trainerId);

    long countByState(String state);

    @Query("""
            select t from Trial t where t.state in ('QUEUED', 'LEASED') and t.candidateId in
            (select c.id from Candidate c where c.searchId = ?1)""")
    List<Trial> findOpenBySearch(UUID searchId);
}
