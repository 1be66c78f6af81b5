package io.lossforge.orchestrator.search;

import java.util.Optional;

/**
 * Whether any trainer can take trials now; the dispatcher implements it. A running search with work
 * and no such trainer says why it waits (nothing is claimed meanwhile, so no failure budget is used).
 */
public interface TrainerAvailability {

    /** Empty when some trainer may receive a trial; otherwise why none may ("2 trainers lost"). */
    Optional<String> whyNoneAvailable();
}
