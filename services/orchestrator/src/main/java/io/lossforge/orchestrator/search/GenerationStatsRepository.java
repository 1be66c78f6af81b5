package io.lossforge.orchestrator.search;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface GenerationStatsRepository extends JpaRepository<GenerationStats, GenerationStats.Key> {

    List<GenerationStats> findBySearchIdOrderByGeneration(UUID searchId);

    /** The statistics of the search's last finished generation, if any. */
    java.util.Optional<GenerationStats> findFirstBySearchIdOrderByGenerationDesc(UUID searchId);
}
