package io.lossforge.web.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Checks a {@link PresentedToken} against a {@link CredentialStore}: the caller it names, or refused. */
public final class CredentialAuthenticationProvider implements AuthenticationProvider {

    private final CredentialStore store;

    public CredentialAuthenticationProvider(CredentialStore store) {
        this.store = store;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String secret = (String) authentication.getCredentials();
        return store.authenticate(secret)
                .orElseThrow(() -> new BadCredentialsException("the credential is not valid here"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PresentedToken.class.isAssignableFrom(authentication);
    }
}
