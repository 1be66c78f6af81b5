package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerView;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/trainers}: the trainers, their state, slots and the attempts in flight on them. */
@RestController
class TrainerController {

    private final TrainerRegistry registry;

    TrainerController(TrainerRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/api/v1/trainers")
    List<TrainerView> trainers() {
        return registry.list();
    }
}
