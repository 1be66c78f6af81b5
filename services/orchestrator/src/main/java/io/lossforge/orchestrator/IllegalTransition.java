package io.lossforge.orchestrator;

import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemException;

/**
 * A state machine was asked for a transition its current state does not allow: a bug in the caller, or
 * an API request that does not fit the state (then the client sees a 409 conflict).
 */
public final class IllegalTransition extends ProblemException {

    public IllegalTransition(String entity, Object id, Enum<?> from, String event) {
        super(ProblemType.CONFLICT, entity + " " + id + " is " + from + ": cannot " + event);
    }
}
