package io.lossforge.web;

import io.lossforge.api.problem.Echo;
import io.lossforge.api.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
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
        response.setStatus(type.status());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(type, detail, request.getRequestURI()));
        response.getWriter().flush();
    }

    /** The problem+json document of {@code type} with {@code detail} at {@code instance} (null: none). */
    public static String json(ProblemType type, String detail, String instance) {
        return json(type.uri().toString(), type.title(), type.status(), detail, instance);
    }

    /**
     * A refusal of the web server or framework, before LossForge code ran (the spec's {@code FrameworkProblem}):
     * type {@code about:blank}, the reason phrase as title.
     */
    public static String framework(int status, String detail, String instance) {
        HttpStatus known = HttpStatus.resolve(status);
        return json("about:blank", known == null ? "Error" : known.getReasonPhrase(), status, detail, instance);
    }

    private static String json(String type, String title, int status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", Echo.limit(detail));
        if (instance != null) {
            problem.put("instance", Echo.limit(instance));
        }
        return JSON.writeValueAsString(problem);
    }
}
