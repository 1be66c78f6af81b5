package io.lossforge.orchestrator.security;

import io.lossforge.orchestrator.security.ApiRole.Authorities;
import io.lossforge.web.security.CredentialStore;
import io.lossforge.web.security.KnownCaller;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The web view's sign-in: Spring Security's form login hands over the API key typed into the sign-in form
 * as the password, and this checks it against the same {@link CredentialStore} the bearer chain uses, so
 * the keys and their roles have one source of truth. Only a key that may view is accepted: the scrape
 * token, which the same store holds, opens no page.
 */
final class SignInKeys implements AuthenticationProvider {

    private final CredentialStore store;

    SignInKeys(CredentialStore store) {
        this.store = store;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = authentication.getCredentials() instanceof String typed ? typed.strip() : "";
        if (key.isEmpty()) {
            throw new BadCredentialsException("enter an API key");
        }
        KnownCaller caller = store.authenticate(key)
                .filter(SignInKeys::mayView)
                .orElseThrow(() -> new BadCredentialsException("that API key is not valid here"));
        return caller;
    }

    private static boolean mayView(KnownCaller caller) {
        return caller.getAuthorities().stream().anyMatch(a -> Authorities.VIEWER.equals(a.getAuthority()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
