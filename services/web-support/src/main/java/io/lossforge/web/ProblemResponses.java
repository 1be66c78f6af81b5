package io.lossforge.web;

import io.lossforge.api.problem.Echo;
import io.lossforge.api.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Problem+json written straight to a servlet response, for refusals made before a controller runs (the
 * security filters' 401 and 403, the body-size limit's 413, the port fence's 404): the same fields and
 * echo limit as {@link ProblemAdvice}'s answers, so clients see one shape whoever refused.
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    /** Answers {@code type} with {@code detail}; the response must not be committed yet. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", type.status());
        problem.put("detail", Echo.limit(detail));
        problem.put("instance", Echo.limit(request.getRequestURI()));
        response.setStatus(type.status());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
        response.getWriter().flush();
    }
}
