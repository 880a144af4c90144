package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis unreachable: every edge answers 503 {@code store_unavailable} with {@code Retry-After}, never a 500. */
@QuarkusTest
@TestProfile(RedisUnavailableTest.NoRedis.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class RedisUnavailableTest {
    private static final String OPERATOR = Tokens.of("operator", "op-no-redis");

    /** Points Redis at a local port nobody listens on: connections are refused at once. */
    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + unusedPort());
        }

        private static int unusedPort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void shouldAnswer503StoreUnavailableOnEveryEdgeWhileRedisIsUnreachable() {
        given().auth().oauth2(OPERATOR).body("{\"method\":\"dispense\"}").post("/api/devices/k1/commands")
                .then().statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", "1").body("code", equalTo("store_unavailable"));
        given().auth().oauth2(OPERATOR).get("/api/commands/cmd_x").then().statusCode(503).body("code", equalTo("store_unavailable"));
        given().auth().oauth2(OPERATOR).get("/api/devices").then().statusCode(503).body("code", equalTo("store_unavailable"));
        given().get("/q/health/ready").then().statusCode(503);
    }
}
