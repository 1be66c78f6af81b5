package io.lossforge.trainer.security;

import io.lossforge.trainer.TrainerProperties;
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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call a trainer (docs/security.md): its whole {@code /api/**} (trials, models, datasets) only with
 * the internal token the orchestrator shares; the metrics only with the scrape token; health is open (the
 * kubelet probes it).
 */
@Configuration
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String INTERNAL = "internal";
    static final String SCRAPE = "scrape";

    @Bean
    SecurityFilterChain trainerApi(HttpSecurity http, TrainerProperties properties) throws Exception {
        CredentialStore.Builder store = CredentialStore.builder();
        TrainerProperties.Security security = properties.security();
        if (security.internalToken() == null) {
            log.warn("no internal token (LOSSFORGE_TRAINER_SECURITY_INTERNAL_TOKEN): every trial request is refused");
        } else {
            store.secret("orchestrator", security.internalToken(), Set.of(INTERNAL));
        }
        if (security.scrapeToken() != null) {
            store.secret("scraper", security.scrapeToken(), Set.of(SCRAPE));
        }
        return TokenSecurity.apply(http, store.build(), "the internal token")
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**")
                        .hasAuthority(SCRAPE)
                        .requestMatchers("/api/**")
                        .hasAuthority(INTERNAL)
                        .anyRequest()
                        .denyAll())
                .build();
    }

    /** Before Spring Security (order -100): an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(TrainerProperties properties) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(
                new BodySizeLimit(properties.limits().maxBody().toBytes()));
        registration.setOrder(-150);
        return registration;
    }
}
