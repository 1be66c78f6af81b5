package io.lossforge.web;

import io.lossforge.api.problem.ProblemType;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Problem+json for what Tomcat itself answers: requests it refuses before any servlet runs (an encoded
 * slash or NUL, percent-encoded bytes that are no UTF-8, a request line or header above
 * {@code server.max-http-request-header-size}), every {@code sendError} (Spring Security's firewall refusing a
 * URL with {@code ..}, {@code ;} or {@code %25}) and exceptions escaping a filter. Tomcat's error report
 * valve would answer those with an HTML page (and Spring Boot's {@code /error} with its own JSON shape),
 * which breaks the contract that every refusal is problem+json; each service therefore excludes Boot's
 * {@code ErrorMvcAutoConfiguration} and registers this customizer, whose {@link Valve} writes the problem.
 */
public final class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // The host adds its error report valve when it starts, after every customizer has run, so it is the
        // innermost one and reports first (Boot's plain ErrorReportValve, added earlier, then sees the response
        // already written and stays quiet).
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(Valve.class.getName());
            }
        });
    }

    /** Writes the error of a response nothing else has written as problem+json. */
    public static final class Valve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            String instance = request.getRequestURI();
            String body = status >= 500
                    ? ProblemResponses.json(
                            ProblemType.INTERNAL_ERROR,
                            "the service failed unexpectedly; its log has the details",
                            instance)
                    : ProblemResponses.framework(status, detail(status, response.getMessage()), instance);
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | RuntimeException e) {
                // The client is gone or the response broke; there is no one left to answer.
                container.getLogger().debug("could not write the problem for status " + status, e);
            }
        }

        private static String detail(int status, String message) {
            if (message != null && !message.isBlank()) {
                return message;
            }
            return status == 400
                    ? "the request was refused before it reached the service (its URL or headers)"
                    : "the request was refused before it reached the service";
        }
    }
}
