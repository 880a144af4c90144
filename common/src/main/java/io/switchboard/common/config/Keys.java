package io.switchboard.common.config;

import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Reads keys the way smallrye-jwt does (its {@link KeyUtils}: a file path, {@code classpath:}, {@code file:},
 * or a resource on the classpath), for the startup checks.
 */
public final class Keys {

    private Keys() {
    }

    /** smallrye-jwt's default for its inline key properties: no key. */
    private static final String NONE = "NONE";

    /** A key's value, treating blank and smallrye-jwt's {@code NONE} as unset. */
    public static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::trim)
                .filter(s -> !s.isEmpty() && !NONE.equals(s));
    }

    public static boolean remote(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    /** The content at {@code location}, or empty when it cannot be read. */
    public static Optional<String> read(String location) {
        try {
            return Optional.ofNullable(KeyUtils.readKeyContent(location)).filter(s -> !s.isBlank());
        } catch (Exception | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The first public key in {@code content}: PEM, base64 DER, a certificate, a JWK or a JWKS. */
    public static Optional<PublicKey> publicKey(String content) {
        try {
            return Optional.of(KeyUtils.decodePublicKey(content));
        } catch (Exception notPem) {
            // next form
        }
        try {
            return Optional.of(KeyUtils.decodeCertificate(content));
        } catch (Exception notCertificate) {
            // next form
        }
        return jwks(content).map(PublicJsonWebKey::getPublicKey);
    }

    /** The private key in {@code content}: PEM (PKCS#8), base64 DER, or a JWK(S) with its private part. */
    public static Optional<PrivateKey> privateKey(String content) {
        try {
            return Optional.of(KeyUtils.decodePrivateKey(content));
        } catch (Exception notPem) {
            // next form
        }
        return jwks(content).map(PublicJsonWebKey::getPrivateKey);
    }

    private static Optional<PublicJsonWebKey> jwks(String content) {
        try {
            List<JsonWebKey> keys = KeyUtils.loadJsonWebKeys(content);
            if (keys != null && !keys.isEmpty() && keys.get(0) instanceof PublicJsonWebKey k) {
                return Optional.of(k);
            }
        } catch (Exception notJwk) {
            // none of the forms
        }
        return Optional.empty();
    }
}
