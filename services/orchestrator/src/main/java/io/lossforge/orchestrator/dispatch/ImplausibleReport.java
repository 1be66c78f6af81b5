package io.lossforge.orchestrator.dispatch;

import io.lossforge.api.problem.FieldError;
import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemException;
import java.util.List;

/** 400: a trial report whose figures cannot be true for its task (see {@link ReportPlausibility}). */
final class ImplausibleReport extends ProblemException {

    ImplausibleReport(String why) {
        super(ProblemType.INVALID_REQUEST, "result: " + why, List.of(new FieldError("result", why)));
    }
}
