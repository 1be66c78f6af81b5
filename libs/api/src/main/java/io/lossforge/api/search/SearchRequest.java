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
 * {@code transfer} (optional) asks for a study of the search's best losses once it has SUCCEEDED.
 */
public record SearchRequest(
        @Size(max = 200) String name,
        @NotNull TaskSpec task,
        SearchSpec search,

        @Pattern(regexp = "mean|sum", message = "must be mean or sum")
        String reduction,

        @jakarta.validation.Valid TransferSpec transfer) {

    /** A request without a closing study. */
    public SearchRequest(String name, TaskSpec task, SearchSpec search, String reduction) {
        this(name, task, search, reduction, null);
    }
}
