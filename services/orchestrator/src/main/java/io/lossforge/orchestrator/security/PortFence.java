package io.lossforge.orchestrator.security;

import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Routing, before any credential is looked at: {@code /internal/**} exists only on the internal port and
 * {@code /api/**} only on the public one; elsewhere they are 404, as if absent, so the public port does not
 * even reveal that an internal API exists. Health stays on both (the chart probes either).
 */
final class PortFence extends OncePerRequestFilter {

    private final InternalPort internal;

    PortFence(InternalPort internal) {
        this.internal = internal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean onInternal = internal.matches(request);
        boolean internalPath = path.startsWith("/internal/") || path.equals("/internal");
        boolean allowed = onInternal ? internalPath || path.startsWith("/actuator/health") : !internalPath;
        if (!allowed) {
            ProblemResponses.write(request, response, ProblemType.NOT_FOUND, "no such resource on this port");
            return;
        }
        chain.doFilter(request, response);
    }
}
