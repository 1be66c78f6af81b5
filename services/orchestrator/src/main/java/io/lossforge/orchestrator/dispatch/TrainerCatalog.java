package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.trainer.TrainerView;
import io.lossforge.orchestrator.search.TrainerCapabilities;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Asks the first reachable trainer for its datasets with their class counts and its models ({@code GET
 * /api/v1/datasets|models}).
 */
@Component
class TrainerCatalog implements TrainerCapabilities {

    private final TrainerRegistry registry;
    private final TrainerClient client;

    TrainerCatalog(TrainerRegistry registry, TrainerClient client) {
        this.registry = registry;
        this.client = client;
    }

    @Override
    public Optional<Set<String>> models() {
        return names("/api/v1/models");
    }

    @Override
    public Optional<java.util.Map<String, Integer>> datasetClasses() {
        for (TrainerView trainer : registry.list()) {
            if (trainer.state() != io.lossforge.api.trainer.TrainerState.LOST) {
                Optional<java.util.Map<String, Integer>> classes = client.datasetClasses(trainer.url());
                if (classes.isPresent()) {
                    return classes;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Set<String>> names(String path) {
        for (TrainerView trainer : registry.list()) {
            if (trainer.state() == io.lossforge.api.trainer.TrainerState.LOST) {
                continue;
            }
            Optional<Set<String>> names = client.names(trainer.url(), path)
                    .map(list -> list.stream().collect(Collectors.toUnmodifiableSet()));
            if (names.isPresent()) {
                return names;
            }
        }
        return Optional.empty();
    }
}
