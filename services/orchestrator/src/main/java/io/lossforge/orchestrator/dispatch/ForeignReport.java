package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemException;

/**
 * 403: a report on an attempt that was not leased to the reporting trainer process. The internal token
 * proves a caller is one of our trainers, not that it ran this attempt: a confused or compromised trainer
 * must not finish (or poison) another's evaluation.
 */
final class ForeignReport extends ProblemException {

    ForeignReport(java.util.UUID attempt) {
        super(ProblemType.FORBIDDEN, "trial " + attempt + " was not leased to the reporting trainer");
    }
}
