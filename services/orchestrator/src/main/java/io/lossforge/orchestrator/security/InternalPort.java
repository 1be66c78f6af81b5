package io.lossforge.orchestrator.security;

import io.lossforge.orchestrator.OrchestratorProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The internal channel's own Tomcat connector ({@code lossforge.orchestrator.security.internal-port},
 * default 8090), so that compose can leave it unpublished and a NetworkPolicy can admit only trainer pods
 * to it. {@link PortFence} keeps {@code /internal/**} on this port and {@code /api/**} off it.
 */
@Component
public class InternalPort implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final Connector connector;

    InternalPort(OrchestratorProperties properties) {
        this.connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(properties.security().internalPort());
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addAdditionalConnectors(connector);
    }

    /** The port the internal channel listens on (the chosen one when configured as 0); -1 before start. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Whether {@code request} came in on the internal channel. */
    public boolean matches(HttpServletRequest request) {
        return request.getLocalPort() == port();
    }
}
