package io.lossforge.web.security;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * An authenticated caller: the name of the credential it presented (an API key's name, {@code internal} for
 * the shared internal token, {@code scraper} for the scrape token) and what that credential may do. The
 * secret itself is not kept.
 */
public final class KnownCaller extends AbstractAuthenticationToken {

    private final String name;

    KnownCaller(String name, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.name = name;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public String getName() {
        return name;
    }
}
