package io.lossforge.api.search;

import io.lossforge.search.SearchSpec;
import io.lossforge.task.TaskSpec;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/searches}: evolve losses for {@code task}. {@code search} may be omitted (all
 * defaults); {@code reduction} is that of every candidate of the population, seeds included, so that
 * they compete on equal terms; baselines keep their catalog reduction (they are the published losses).
 */
public record SearchRequest(
        @Size(max = 200) String name,
        @NotNull TaskSpec task,
        SearchSpec search,

        @Pattern(regexp = "mean|sum", message = "must be mean or sum")
        String reduction) {}
