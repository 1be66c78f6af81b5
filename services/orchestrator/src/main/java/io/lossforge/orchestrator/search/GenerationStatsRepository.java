package io.lossforge.orchestrator.search;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface GenerationStatsRepository extends JpaRepository<GenerationStats, GenerationStats.Key> {

    List<GenerationStats> findBySearchIdOrderByGeneration(UUID searchId);
}
