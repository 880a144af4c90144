package io.switchboard.testsupport;

import io.switchboard.sim.DevJwt;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Real RS256 tokens signed with the test key ({@code switchboard-test/privateKey.pem}). */
public final class Tokens {
    public static final String ISSUER = "https://switchboard.local/issuer";
    private static final DevJwt JWT = load();

    private Tokens() {
    }

    private static DevJwt load() {
        try {
            return DevJwt.fromClasspath("switchboard-test/privateKey.pem", ISSUER);
        } catch (Exception e) {
            throw new IllegalStateException("test key missing", e);
        }
    }

    public static String of(String role, String subject) {
        return JWT.mint(subject, List.of(role), Duration.ofMinutes(30), Map.of());
    }

    public static String of(String role, String subject, Map<String, Object> claims) {
        return JWT.mint(subject, List.of(role), Duration.ofMinutes(30), claims);
    }

    public static String expiringIn(String role, String subject, Duration ttl) {
        return JWT.mint(subject, List.of(role), ttl, Map.of());
    }

    /** Signed with the trusted test key, but naming another issuer than the services accept. */
    public static String fromIssuer(String issuer, String role, String subject) {
        try {
            return DevJwt.fromClasspath("switchboard-test/privateKey.pem", issuer)
                    .mint(subject, List.of(role), Duration.ofMinutes(30), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException("test key missing", e);
        }
    }

    /** Signed by a key the services do not trust. */
    public static String forged(String role, String subject) {
        try {
            var gen = java.security.KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return new DevJwt(gen.generateKeyPair().getPrivate(), ISSUER)
                    .mint(subject, List.of(role), Duration.ofMinutes(30), Map.of());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
