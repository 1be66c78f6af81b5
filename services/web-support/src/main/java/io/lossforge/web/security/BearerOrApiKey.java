package io.lossforge.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the credential of a request: {@code Authorization: Bearer <secret>} or {@code X-API-Key: <secret>}
 * (the header curl users reach for). No credential: {@code null}, so the request goes on anonymous and the
 * authorization rules answer 401 where one is needed. Two different credentials, or an {@code Authorization}
 * header of another scheme: refused, so a caller never wonders which of them counted.
 */
public final class BearerOrApiKey implements AuthenticationConverter {

    /** The alternative header for API keys. */
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final String BEARER = "Bearer ";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String apiKey = request.getHeader(API_KEY_HEADER);
        String bearer = null;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new BadCredentialsException("the Authorization header must be of the Bearer scheme");
            }
            bearer = authorization.substring(BEARER.length()).strip();
        }
        if (bearer != null && apiKey != null && !bearer.equals(apiKey.strip())) {
            throw new BadCredentialsException("Authorization and X-API-Key name different credentials");
        }
        String secret = bearer != null ? bearer : apiKey == null ? null : apiKey.strip();
        if (secret == null) {
            return null;
        }
        if (secret.isEmpty()) {
            throw new BadCredentialsException("the credential is empty");
        }
        return new PresentedToken(secret);
    }
}
