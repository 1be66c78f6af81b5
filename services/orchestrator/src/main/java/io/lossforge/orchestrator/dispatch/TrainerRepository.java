package io.lossforge.orchestrator.dispatch;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface TrainerRepository extends JpaRepository<TrainerNode, UUID> {

    Optional<TrainerNode> findByUrl(String url);
}
