package io.lossforge.web.security;

import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemResponses;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;

/**
 * The one way both services authenticate: stateless (no session, no cookie, no CSRF token: every request
 * carries its credential), Spring Security's {@link AuthenticationFilter} with {@link BearerOrApiKey} and a
 * {@link CredentialStore}, and every refusal a problem+json — 401 {@code unauthorized} with {@code
 * WWW-Authenticate: Bearer} for a missing or wrong credential, 403 {@code forbidden} for a valid one whose
 * authorities do not suffice. Each service adds its own authorization rules after this.
 */
public final class TokenSecurity {

    private TokenSecurity() {}

    /**
     * Applies the above to {@code http}.
     *
     * @param credentialName what a caller is missing, for the 401's detail ("an API key", "the internal token")
     */
    public static HttpSecurity apply(HttpSecurity http, CredentialStore store, String credentialName) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            String detail = e instanceof BadCredentialsException
                    ? e.getMessage()
                    : "this needs " + credentialName + " (Authorization: Bearer <secret>, or X-API-Key: <secret>)";
            ProblemResponses.write(request, response, ProblemType.UNAUTHORIZED, detail);
        };
        AccessDeniedHandler forbidden = (request, response, e) -> ProblemResponses.write(
                request,
                response,
                ProblemType.FORBIDDEN,
                "the credential " + callerName() + " may not " + request.getMethod() + " " + request.getRequestURI());
        AuthenticationFilter filter = new AuthenticationFilter(
                new ProviderManager(new CredentialAuthenticationProvider(store)), new BearerOrApiKey());
        filter.setSuccessHandler((request, response, authentication) -> {});
        filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
        return http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .addFilterBefore(filter, AnonymousAuthenticationFilter.class);
    }

    private static String callerName() {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return authentication == null ? "(none)" : "'" + authentication.getName() + "'";
    }
}
