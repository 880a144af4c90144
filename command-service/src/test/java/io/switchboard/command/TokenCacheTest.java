package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified tokens (common's CachingJwtValidator) in front of smallrye-jwt: a token is verified
 * once and then served from the cache; a token the verifier refuses (forged, wrong issuer, expired) is
 * refused every time and never comes from the cache, not even when a valid token with the same claims is
 * cached. The verifier's clock skew is 1 s here (60 by default), so an expired token is refused soon after it expires.
 */
@QuarkusTest
@TestProfile(TokenCacheTest.ShortClockSkew.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class TokenCacheTest {
    public static class ShortClockSkew implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.clock.skew", "1");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void shouldVerifyATokenOnceThenServeItFromTheCache() {
        String token = Tokens.of("operator", "op-cache-once");
        double hits = count("hit");
        double misses = count("miss");

        list(token, 200);
        list(token, 200);
        list(token, 200);

        assertThat(count("miss") - misses).isEqualTo(1);
        assertThat(count("hit") - hits).isEqualTo(2);
    }

    @Test
    void shouldKeepRolesFromTheCachedTokenAndAnswerEachRequestWithItsOwnIdentity() {
        String device = Tokens.of("device", "dev-cache-roles");
        String operator = Tokens.of("operator", "op-cache-roles");

        list(device, 403);
        list(operator, 200);
        list(device, 403); // from the cache: still only the device role
        list(operator, 200);
    }

    @Test
    void shouldRefuseAForgedTokenWhileOneWithTheSameClaimsIsCached() {
        list(Tokens.of("operator", "op-cache-forged"), 200);
        double hits = count("hit");

        list(Tokens.forged("operator", "op-cache-forged"), 401);
        String forged = Tokens.forged("operator", "op-cache-forged");
        list(forged, 401);
        list(forged, 401);

        assertThat(count("hit")).isEqualTo(hits);
    }

    @Test
    void shouldRefuseATokenFromAnotherIssuerEveryTime() {
        String other = Tokens.fromIssuer("https://elsewhere.example/issuer", "operator", "op-cache-issuer");
        double hits = count("hit");
        double misses = count("miss");

        list(other, 401);
        list(other, 401);

        assertThat(count("hit")).isEqualTo(hits);
        assertThat(count("miss") - misses).isEqualTo(2); // verified, and refused, both times
    }

    @Test
    void shouldRefuseACachedTokenOnceItExpired() throws InterruptedException {
        String token = Tokens.expiringIn("operator", "op-cache-expiry", Duration.ofSeconds(3));
        list(token, 200);
        list(token, 200); // cached

        Thread.sleep(4_600); // past exp and the verifier's 1 s of skew
        double hits = count("hit");
        int status = given().auth().oauth2(token).get("/api/devices").then().extract().statusCode();
        assertThat(count("hit")).isEqualTo(hits);
        assertThat(status).isEqualTo(401);
        list(token, 401);
    }

    @Test
    void shouldRefuseATamperedCopyOfACachedToken() {
        String token = Tokens.of("operator", "op-cache-tamper");
        list(token, 200);
        int i = token.length() - 20; // inside the signature, clear of its padding bits
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        list(tampered, 401);
    }

    private static void list(String token, int status) {
        given().auth().oauth2(token).get("/api/devices").then().statusCode(status);
    }

    private double count(String outcome) {
        var c = registry.find("switchboard.auth.token.cache").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
