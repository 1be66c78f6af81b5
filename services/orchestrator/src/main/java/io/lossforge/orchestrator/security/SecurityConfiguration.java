package io.lossforge.orchestrator.security;

import io.lossforge.orchestrator.OrchestratorProperties;
import io.lossforge.orchestrator.security.ApiRole.Authorities;
import io.lossforge.web.BodySizeLimit;
import io.lossforge.web.security.CredentialStore;
import io.lossforge.web.security.TokenSecurity;
import jakarta.servlet.DispatcherType;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what (docs/security.md). Three filter chains: the internal port admits only the internal
 * token and only {@code /internal/**}; on the public port, a browser signed in to the web view reaches its
 * pages and, with its session, the {@code /api/**} its key's role allows ({@link BrowserSession}); every
 * other request is stateless: API keys on {@code /api/**} by role and the scrape token on the metrics.
 * Health is open on both ports. The per-operation roles are the spec's {@code x-lossforge-role}, the same
 * for a key and a session ({@link #apiRules}); SecurityMatrixTest sends every operation each credential
 * and checks them.
 */
@Configuration
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    private static final String[] HEALTH = {"/actuator/health", "/actuator/health/**"};

    @Bean
    @Order(1)
    SecurityFilterChain internalChannel(HttpSecurity http, InternalPort port, OrchestratorProperties properties)
            throws Exception {
        CredentialStore.Builder store = CredentialStore.builder();
        String token = properties.security().internalToken();
        if (token == null) {
            log.warn(
                    "no internal token (LOSSFORGE_ORCHESTRATOR_SECURITY_INTERNAL_TOKEN): no trainer can register or report");
        } else {
            store.secret("internal", token, Set.of(Authorities.INTERNAL));
        }
        return TokenSecurity.apply(http.securityMatcher(port::matches), store.build(), "the internal token")
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HEALTH)
                        .permitAll()
                        .requestMatchers("/internal/**")
                        .hasAuthority(Authorities.INTERNAL)
                        .anyRequest()
                        .denyAll())
                .build();
    }

    /** The API keys (and the scrape token): one store for the bearer chain and the web view's sign-in. */
    @Bean
    CredentialStore publicCredentials(OrchestratorProperties properties) {
        return publicCredentials(properties.security());
    }

    @Bean
    @Order(2)
    SecurityFilterChain browser(HttpSecurity http, CredentialStore publicCredentials) throws Exception {
        return BrowserSession.apply(http, publicCredentials)
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                            .permitAll()
                            .requestMatchers(BrowserSession.OPEN)
                            .permitAll()
                            .requestMatchers(BrowserSession.PAGES)
                            .hasAuthority(Authorities.VIEWER);
                    apiRules(requests);
                    requests.anyRequest().denyAll();
                })
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain publicApi(HttpSecurity http, CredentialStore publicCredentials) throws Exception {
        return TokenSecurity.apply(http, publicCredentials, "an API key")
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                            .permitAll()
                            .requestMatchers(HEALTH)
                            .permitAll()
                            .requestMatchers("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**")
                            .hasAuthority(Authorities.SCRAPE);
                    apiRules(requests);
                    requests.anyRequest().denyAll();
                })
                .build();
    }

    /** The roles of {@code /api/**}, whether a key or a signed-in session calls. */
    private static void apiRules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/**")
                .hasAuthority(Authorities.VIEWER)
                // Computations without side effects: what a viewer explores losses with.
                .requestMatchers(HttpMethod.POST, "/api/v1/losses/evaluate", "/api/v1/losses/screen")
                .hasAuthority(Authorities.VIEWER)
                .requestMatchers("/api/**")
                .hasAuthority(Authorities.OPERATOR);
    }

    private static CredentialStore publicCredentials(OrchestratorProperties.Security security) {
        CredentialStore.Builder store = CredentialStore.builder();
        for (OrchestratorProperties.ApiKey key : security.apiKeys()) {
            store.hashed(key.name(), key.sha256(), key.role().authorities());
        }
        if (security.apiKeys().isEmpty()) {
            log.warn("no API key is configured (lossforge.orchestrator.security.api-keys): every /api call is refused");
        }
        if (security.scrapeToken() == null) {
            log.warn("no scrape token (LOSSFORGE_ORCHESTRATOR_SECURITY_SCRAPE_TOKEN): /actuator/prometheus is refused");
        } else {
            store.secret("scraper", security.scrapeToken(), Set.of(Authorities.SCRAPE));
        }
        return store.build();
    }

    /** Before Spring Security (order -100): a wrong port is a 404 whatever the credential. */
    @Bean
    FilterRegistrationBean<PortFence> portFence(InternalPort port) {
        FilterRegistrationBean<PortFence> registration = new FilterRegistrationBean<>(new PortFence(port));
        registration.setOrder(-200);
        return registration;
    }

    /** Before Spring Security too: an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(OrchestratorProperties properties) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(
                new BodySizeLimit(properties.limits().maxBody().toBytes()));
        registration.setOrder(-150);
        return registration;
    }
}
