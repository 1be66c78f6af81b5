package io.lossforge.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The credentials a service accepts, each kept as the SHA-256 of its secret with a name and the authorities
 * it grants. Immutable; built once from the service's properties.
 *
 * <p>Why SHA-256 and not a password hash: the secrets are generated, ≥ 128 random bits (see {@link
 * #generateSecret()}), so a fast hash cannot be brute-forced, and a slow one would cost every request
 * milliseconds. The store never holds a secret: a leaked configuration of API key hashes grants nothing. A
 * presented secret is compared with every entry in constant time, so timing says nothing about which was
 * close.
 */
public final class CredentialStore {

    /** One accepted credential. */
    public record Entry(String name, byte[] sha256, Set<String> authorities) {
        public Entry {
            if (sha256.length != 32) {
                throw new IllegalArgumentException("credential " + name + ": a SHA-256 has 32 bytes");
            }
            sha256 = sha256.clone();
            authorities = Set.copyOf(authorities);
        }
    }

    private final List<Entry> entries;

    private CredentialStore(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A store builder; entries are checked as they are added. */
    public static Builder builder() {
        return new Builder();
    }

    /** The credential {@code secret} names, if it is one of the store's. */
    public Optional<KnownCaller> authenticate(String secret) {
        byte[] presented = sha256(secret);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.sha256(), presented) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found)
                .map(e -> new KnownCaller(
                        e.name(),
                        e.authorities().stream()
                                .map(SimpleGrantedAuthority::new)
                                .toList()));
    }

    /** How many credentials are accepted (0: every protected request is refused). */
    public int size() {
        return entries.size();
    }

    /** The SHA-256 of a secret's UTF-8 bytes. */
    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The lower-case hex SHA-256 of a secret: the form API keys are configured in. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** A new secret: {@code lf_} and 32 random bytes (256 bits) in URL-safe base64, 46 characters. */
    public static String generateSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return "lf_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Collects entries; names must be unique, and no two entries may share a secret. */
    public static final class Builder {

        private final List<Entry> entries = new ArrayList<>();

        private Builder() {}

        /** A credential configured by the hex SHA-256 of its secret (API keys). */
        public Builder hashed(String name, String sha256Hex, Set<String> authorities) {
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(sha256Hex.strip().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("credential " + name + ": sha256 is not hexadecimal");
            }
            return add(new Entry(name, hash, authorities));
        }

        /** A credential configured as its secret (shared tokens both sides must know); kept only hashed. */
        public Builder secret(String name, String secret, Set<String> authorities) {
            return add(new Entry(name, sha256(secret), authorities));
        }

        private Builder add(Entry entry) {
            for (Entry other : entries) {
                if (other.name().equals(entry.name())) {
                    throw new IllegalArgumentException("two credentials are named " + entry.name());
                }
                if (MessageDigest.isEqual(other.sha256(), entry.sha256())) {
                    throw new IllegalArgumentException(
                            "credentials " + other.name() + " and " + entry.name() + " have the same secret");
                }
            }
            entries.add(entry);
            return this;
        }

        public CredentialStore build() {
            return new CredentialStore(entries);
        }
    }
}
