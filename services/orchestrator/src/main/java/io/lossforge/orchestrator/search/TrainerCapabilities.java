package io.lossforge.orchestrator.search;

import java.util.Optional;
import java.util.Set;

/**
 * What the trainers can train on, asked before a search is accepted, so that a typo in a dataset or
 * model name is a 400 rather than a search whose every candidate fails. Empty when no trainer could be
 * asked (then the search is accepted and a bad name surfaces as FAILED trials).
 */
public interface TrainerCapabilities {

    /** Dataset names known to a reachable trainer. */
    Optional<Set<String>> datasets();

    /** Model names known to a reachable trainer. */
    Optional<Set<String>> models();

    /** The number of classes of each dataset a reachable trainer lists. */
    Optional<java.util.Map<String, Integer>> datasetClasses();

    /**
     * The task's {@code classGroups} against its dataset's class count, each violation as a field error
     * under {@code prefix}; nothing when no trainer could be asked or it does not list the dataset.
     */
    default java.util.List<io.lossforge.api.problem.FieldError> classErrors(
            String prefix, io.lossforge.task.TaskSpec task) {
        if (task.classGroups() == null) {
            return java.util.List.of();
        }
        return datasetClasses()
                .map(classes -> classes.get(task.dataset()))
                .map(count -> task.violations(count).stream()
                        .map(v -> new io.lossforge.api.problem.FieldError(prefix + v.field(), v.message()))
                        .toList())
                .orElse(java.util.List.of());
    }
}
