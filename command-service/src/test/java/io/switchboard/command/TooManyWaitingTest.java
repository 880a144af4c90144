package io.switchboard.command;

import static io.restassured.RestAssured.given;
import io.switchboard.command.support.Devices;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An instance holding its maximum of waiting callers refuses one more with 503 too_many_waiting; async is not waiting. */
@QuarkusTest
@TestProfile(TooManyWaitingTest.NoRoomToWait.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class TooManyWaitingTest {
    private static final String TOKEN = Tokens.of("operator", "op-waiting");
    private static final String BODY = "{\"method\":\"dispense\",\"timeoutMs\":3000}";

    /** {@code commands.max-waiters=0}: every caller that would wait is one too many. */
    public static class NoRoomToWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("commands.max-waiters", "0");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void shouldReturn503TooManyWaitingWhenNoWaiterFits() {
        Response r = given().auth().oauth2(TOKEN).contentType("application/json").body(BODY)
                .post("/api/devices/" + Devices.online(redis) + "/commands").then().extract().response();

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).isEqualTo("too_many_waiting");
        assertThat(r.jsonPath().getString("title")).isEqualTo("Too many commands waiting");
        assertThat(r.jsonPath().getString("detail")).isEqualTo("This instance already holds 0 waiting commands; retry shortly");
        assertThat(r.header("Retry-After")).isNull();
    }

    @Test
    void shouldStillAcceptARespondAsyncCommand() {
        given().auth().oauth2(TOKEN).contentType("application/json").body(BODY).header("Prefer", "respond-async")
                .post("/api/devices/" + Devices.online(redis) + "/commands").then().statusCode(202);
    }
}
