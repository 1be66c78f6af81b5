package io.lossforge.web.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A credential as the caller presented it, not yet checked: the secret from {@code Authorization: Bearer}
 * or {@code X-API-Key}. {@link CredentialAuthenticationProvider} turns it into a {@link KnownCaller} or
 * refuses it. Its {@code toString} never shows the secret.
 */
public final class PresentedToken extends AbstractAuthenticationToken {

    private final String secret;

    PresentedToken(String secret) {
        super(List.of());
        this.secret = secret;
        setAuthenticated(false);
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return "(unchecked credential)";
    }

    @Override
    public String toString() {
        return "PresentedToken[secret hidden]";
    }
}
