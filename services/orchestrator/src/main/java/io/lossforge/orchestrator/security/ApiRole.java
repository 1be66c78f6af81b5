package io.lossforge.orchestrator.security;

import java.util.Set;

/**
 * What an API key may do. {@code viewer}: every GET and the side-effect-free loss computations
 * ({@code /losses/evaluate}, {@code /losses/screen}); {@code operator}: also what changes searches (start,
 * cancel, resume). The spec names each operation's role ({@code x-lossforge-role}); SecurityMatrixTest
 * checks the two agree.
 */
public enum ApiRole {
    VIEWER(Set.of(Authorities.VIEWER)),
    OPERATOR(Set.of(Authorities.VIEWER, Authorities.OPERATOR));

    private final Set<String> authorities;

    ApiRole(Set<String> authorities) {
        this.authorities = authorities;
    }

    /** The authorities a key of this role is granted (an operator is also a viewer). */
    public Set<String> authorities() {
        return authorities;
    }

    /** The authority names the filter chains check. */
    public static final class Authorities {
        public static final String VIEWER = "viewer";
        public static final String OPERATOR = "operator";
        /** The shared internal token: trainers calling {@code /internal/**}. */
        public static final String INTERNAL = "internal";
        /** The scrape token: Prometheus reading the metrics. */
        public static final String SCRAPE = "scrape";

        private Authorities() {}
    }
}
