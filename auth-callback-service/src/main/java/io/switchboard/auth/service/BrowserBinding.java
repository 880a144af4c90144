package io.switchboard.auth.service;

import io.switchboard.auth.config.QrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Binds a login to the browser that started it: a random secret in an HttpOnly, SameSite cookie
 * ({@code sb_qr_<loginId>}); Redis keeps only its SHA-256, compared in constant time.
 */
@ApplicationScoped
public class BrowserBinding {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();
    private final QrConfig config;

    BrowserBinding(QrConfig config) {
        this.config = config;
    }

    /** A fresh secret (for the cookie) and its hash (for Redis). */
    public record Secret(String value, String hash) {
    }

    public Secret newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = B64.encodeToString(bytes);
        return new Secret(value, B64.encodeToString(sha256(value)));
    }

    /** True when {@code presented} is the secret whose hash is {@code storedHash}. */
    public boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented), expected);
    }

    public String cookieName(String loginId) {
        return config.cookie().namePrefix() + loginId;
    }

    public NewCookie cookie(String loginId, String secret) {
        long maxAge = config.loginTtl().plus(config.grantTtl()).toSeconds();
        boolean lax = "lax".equals(config.cookie().sameSite().toLowerCase(Locale.ROOT));
        return new NewCookie.Builder(cookieName(loginId)).value(secret).path("/").httpOnly(true)
                .secure(config.cookie().secure()).maxAge((int) maxAge)
                .sameSite(lax ? NewCookie.SameSite.LAX : NewCookie.SameSite.STRICT).build();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
