package io.lossforge.orchestrator.population;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the population publishes (Spring application events, inside the transaction that caused them;
 * listeners that act on the network do so after commit).
 */
public final class PopulationEvents {

    private PopulationEvents() {}

    /** An evaluation ended (finished or unevaluated): these searches may complete a generation. */
    public record EvaluationEnded(long evaluationId, Set<UUID> searchIds) {}

    /** New OPEN work (or work ready again): the dispatcher should look for free slots. */
    public record WorkQueued() {}

    /**
     * No running search needs these evaluations any more; {@code liveAttempts} were live on them and
     * must be superseded and stopped.
     */
    public record EvaluationsAbandoned(List<Long> evaluationIds, List<UUID> liveAttempts) {}
}
