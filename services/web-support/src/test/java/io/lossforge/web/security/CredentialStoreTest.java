package io.lossforge.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;

class CredentialStoreTest {

    private static final String KEY = "lf_first-key-0000000000000000000000000000000";

    @Test
    void aKeyConfiguredByItsHashNamesItsCallerAndAuthorities() {
        CredentialStore store = CredentialStore.builder()
                .hashed("alice", CredentialStore.sha256Hex(KEY).toUpperCase(), Set.of("viewer", "operator"))
                .secret("internal", "a-shared-token-000000000000000000000", Set.of("internal"))
                .build();
        KnownCaller alice = store.authenticate(KEY).orElseThrow();
        assertThat(alice.getName()).isEqualTo("alice");
        assertThat(alice.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("viewer", "operator");
        assertThat(alice.getCredentials()).as("the secret is not kept").isEqualTo("");
        assertThat(store.authenticate("a-shared-token-000000000000000000000"))
                .hasValueSatisfying(c -> assertThat(c.getName()).isEqualTo("internal"));
        assertThat(store.authenticate(KEY + "x")).isEmpty();
        assertThat(store.authenticate("")).isEmpty();
    }

    @Test
    void namesAreUniqueSecretsToo() {
        CredentialStore.Builder builder = CredentialStore.builder().secret("a", KEY, Set.of());
        assertThatThrownBy(() -> builder.secret("a", "other", Set.of())).hasMessageContaining("two credentials");
        assertThatThrownBy(() -> builder.hashed("b", CredentialStore.sha256Hex(KEY), Set.of()))
                .hasMessageContaining("the same secret");
        assertThatThrownBy(() -> builder.hashed("c", "not hex", Set.of())).hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> builder.hashed("d", "abcd", Set.of())).hasMessageContaining("32 bytes");
    }

    @Test
    void generatedSecretsAreLongRandomAndUrlSafe() {
        String one = CredentialStore.generateSecret();
        assertThat(one).matches("lf_[A-Za-z0-9_-]{43}");
        assertThat(CredentialStore.generateSecret()).isNotEqualTo(one);
        assertThat(CredentialStore.sha256Hex("abc"))
                .as("SHA-256 of 'abc' (FIPS 180-2 test vector)")
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theCredentialComesFromBearerOrXApiKeyAndAmbiguityIsRefused() {
        BearerOrApiKey converter = new BearerOrApiKey();
        assertThat(converter.convert(request(null, null))).isNull();
        assertThat(converter.convert(request("Bearer " + KEY, null)).getCredentials())
                .isEqualTo(KEY);
        assertThat(converter.convert(request("bearer  " + KEY + " ", null)).getCredentials())
                .isEqualTo(KEY);
        assertThat(converter.convert(request(null, KEY)).getCredentials()).isEqualTo(KEY);
        assertThat(converter.convert(request("Bearer " + KEY, KEY)).getCredentials())
                .isEqualTo(KEY);
        assertThat(converter.convert(request(null, KEY)).toString()).doesNotContain(KEY);
        assertThatThrownBy(() -> converter.convert(request("Bearer " + KEY, "other")))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessageContaining("different credentials");
        assertThatThrownBy(() -> converter.convert(request("Basic dXNlcjpwYXNz", null)))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessageContaining("Bearer");
        assertThatThrownBy(() -> converter.convert(request("Bearer ", null)))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessageContaining("empty");
    }

    private static MockHttpServletRequest request(String authorization, String apiKey) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/searches");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        if (apiKey != null) {
            request.addHeader("X-API-Key", apiKey);
        }
        return request;
    }
}
