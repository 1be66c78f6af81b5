package io.lossforge.orchestrator.security;

import io.lossforge.api.problem.ProblemType;
import io.lossforge.web.ProblemResponses;
import io.lossforge.web.security.BearerOrApiKey;
import io.lossforge.web.security.CredentialStore;
import java.util.LinkedHashMap;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * How a person's browser is admitted (the web view, docs/security.md): the API key is typed once into the
 * sign-in form (a POST body, never a URL), checked by {@link SignInKeys}, and the session that Spring
 * Security's form login then keeps in an HttpOnly, SameSite cookie stands for it — the key itself is
 * neither stored nor sent again. The pages read the public API with that session, so the same {@code /api}
 * rules apply to them; every state-changing request of a session needs Spring Security's CSRF token (the
 * {@code XSRF-TOKEN} cookie, echoed by the pages' script in {@code X-XSRF-TOKEN}).
 *
 * <p>A request that carries {@code Authorization} or {@code X-API-Key} never reaches this chain: the
 * bearer chain answers it exactly as it did before the web view existed.
 */
final class BrowserSession {

    /** The sign-in page and what it loads: open, or no one could sign in. */
    static final String[] OPEN = {"/ui/sign-in", "/ui/assets/**", "/webjars/**", "/favicon.ico"};

    /** The pages: a signed-in viewer's. */
    static final String[] PAGES = {"/", "/ui", "/ui/**"};

    private static final RequestMatcher API = PathPatternRequestMatcher.pathPattern("/api/**");

    /** The pages, and the API calls of a browser that holds a session but no key of its own. */
    static final RequestMatcher REQUESTS = new OrRequestMatcher(
            PathPatternRequestMatcher.pathPattern("/"),
            PathPatternRequestMatcher.pathPattern("/ui/**"),
            PathPatternRequestMatcher.pathPattern("/webjars/**"),
            PathPatternRequestMatcher.pathPattern("/favicon.ico"),
            new AndRequestMatcher(API, BrowserSession::sessionWithoutKey));

    /**
     * What the pages' script may load and run: only this origin's scripts (no inline script, so injected
     * markup cannot run), inline styles because KaTeX and Chart.js set them.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    private BrowserSession() {}

    private static boolean sessionWithoutKey(jakarta.servlet.http.HttpServletRequest request) {
        return request.getHeader("Authorization") == null
                && request.getHeader(BearerOrApiKey.API_KEY_HEADER) == null
                && request.getRequestedSessionId() != null;
    }

    /** Form login with the key, sessions, CSRF and sign-out on {@code http}; the caller adds the rules. */
    static HttpSecurity apply(HttpSecurity http, CredentialStore keys) throws Exception {
        return http.securityMatcher(REQUESTS)
                .authenticationProvider(new SignInKeys(keys))
                .csrf(csrf -> csrf.spa().csrfTokenRepository(csrfCookie()))
                .formLogin(form -> form.loginPage("/ui/sign-in")
                        .passwordParameter("key")
                        .defaultSuccessUrl("/ui/", false)
                        .failureUrl("/ui/sign-in?error"))
                .logout(logout -> logout.logoutUrl("/ui/sign-out").logoutSuccessUrl("/ui/sign-in?signed-out"))
                .httpBasic(basic -> basic.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(entryPoint()).accessDeniedHandler(accessDenied()));
    }

    /** The token cookie the pages' script reads (so not HttpOnly); SameSite like the session's. */
    private static CookieCsrfTokenRepository csrfCookie() {
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return repository;
    }

    /** A page without a session goes to the sign-in page; an API call gets the API's 401 problem. */
    private static AuthenticationEntryPoint entryPoint() {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.UNAUTHORIZED,
                    "the session has ended: sign in again, or send an API key");
        };
        return DelegatingAuthenticationEntryPoint.builder()
                .addEntryPointFor(unauthorized, API)
                .defaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/ui/sign-in"))
                .build();
    }

    /** An API call refused (too small a role, or no CSRF token on a write) is the API's 403 problem. */
    private static AccessDeniedHandler accessDenied() {
        AccessDeniedHandler forbidden = (request, response, e) -> ProblemResponses.write(
                request,
                response,
                ProblemType.FORBIDDEN,
                e instanceof org.springframework.security.web.csrf.CsrfException
                        ? "a request of a signed-in session must carry the CSRF token (X-XSRF-TOKEN)"
                        : "the signed-in key may not " + request.getMethod() + " " + request.getRequestURI());
        LinkedHashMap<RequestMatcher, AccessDeniedHandler> handlers = new LinkedHashMap<>();
        handlers.put(API, forbidden);
        return new RequestMatcherDelegatingAccessDeniedHandler(handlers, new AccessDeniedHandlerImpl());
    }
}
