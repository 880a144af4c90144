package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.command.support.Devices;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key}s are each caller's own, whatever characters subject and key hold; a key whose
 * command was never sent is free again after any failure, not only after an expected problem.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class IdempotencyKeysTest {
    /** Long enough that Kafka takes the command within its send budget on a busy machine (else it is fenced: 503). */
    private static final String BODY = "{\"method\":\"dispense\",\"timeoutMs\":3000}";

    @Inject
    RedisDataSource redis;

    private static Response post(String token, String deviceId, String body, String key, boolean async) {
        var request = given().auth().oauth2(token).contentType("application/json").body(body).header("Idempotency-Key", key);
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return request.post("/api/devices/" + deviceId + "/commands").then().extract().response();
    }

    @Test
    void shouldGiveEachCallerItsOwnOutcomeWhenSubjectAndKeyJoinToTheSameText() {
        String deviceId = Devices.online(redis);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String first = Tokens.of("service", "svc-" + run);
        String second = Tokens.of("service", "svc-" + run + ":orders");

        Response a = post(first, deviceId, BODY, "orders:k1", false);
        Response b = post(second, deviceId, BODY, "k1", false);

        assertThat(a.statusCode()).as(a.asString()).isIn(200, 504);
        assertThat(b.statusCode()).as(b.asString()).isIn(200, 504);
        String commandA = a.jsonPath().getString("commandId");
        String commandB = b.jsonPath().getString("commandId");
        assertThat(commandB).as("the second caller got a command of its own, not the first caller's outcome").isNotEqualTo(commandA);
        assertThat(post(first, deviceId, BODY, "orders:k1", false).jsonPath().getString("commandId")).isEqualTo(commandA);
        assertThat(post(second, deviceId, BODY, "k1", false).jsonPath().getString("commandId")).isEqualTo(commandB);
    }

    @Test
    void shouldReleaseTheKeyWhenRedisFailsBeforeTheSend() {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.of("operator", "op-fail-" + UUID.randomUUID());
        // a presence key of the wrong type: reading it fails in Redis (WRONGTYPE) after the key is reserved
        redis.hash(String.class).hset(PresenceKeys.device(deviceId), "not", "a string");
        try {
            Response failed = post(token, deviceId, BODY, "key-f", true);
            assertThat(failed.statusCode()).as(failed.asString()).isIn(500, 503);

            Response again = post(token, deviceId, BODY, "key-f", true);
            assertThat(again.statusCode()).as("not 409 in flight: nothing was sent").isNotEqualTo(409).isIn(500, 503);
        } finally {
            redis.key().del(PresenceKeys.device(deviceId));
        }
        Devices.markOnline(redis, deviceId);
        Response sent = post(token, deviceId, BODY, "key-f", true);
        assertThat(sent.statusCode()).as(sent.asString()).isEqualTo(202);
    }

    @Test
    void shouldReleaseTheKeyOfAnOfflineDevice() {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.of("operator", "op-offline-" + UUID.randomUUID());
        assertThat(post(token, deviceId, BODY, "key-o", true).statusCode()).isEqualTo(409);

        Devices.markOnline(redis, deviceId);
        assertThat(post(token, deviceId, BODY, "key-o", true).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldRefuseAKeyLongerThan255Characters() {
        String deviceId = Devices.online(redis);
        String token = Tokens.of("operator", "op-long-" + UUID.randomUUID());

        Response tooLong = post(token, deviceId, BODY, "k".repeat(256), true);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.jsonPath().getString("code")).isEqualTo("invalid_idempotency_key");
        assertThat(post(token, deviceId, BODY, "k".repeat(255), true).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldReturn422WhenAKeyIsReusedWithAnotherBody() {
        String deviceId = Devices.online(redis);
        String token = Tokens.of("operator", "op-reuse-" + UUID.randomUUID());
        assertThat(post(token, deviceId, BODY, "key-r", true).statusCode()).isEqualTo(202);

        Response reused = post(token, deviceId, "{\"method\":\"refund\",\"timeoutMs\":3000}", "key-r", true);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.jsonPath().getString("code")).isEqualTo("idempotency_key_reused");
        assertThat(reused.jsonPath().getString("title")).isEqualTo("Idempotency-Key reused");
        assertThat(reused.jsonPath().getString("detail")).isEqualTo("This Idempotency-Key was used with a different request");
    }

    @Test
    void shouldReturn409WhileTheFirstRequestWithTheKeyIsInFlight() {
        String deviceId = Devices.online(redis);
        String token = Tokens.of("operator", "op-flight-" + UUID.randomUUID());
        Response first = post(token, deviceId, BODY, "key-f", true);
        assertThat(first.statusCode()).isEqualTo(202);

        Response again = post(token, deviceId, BODY, "key-f", true);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.jsonPath().getString("code")).isEqualTo("idempotency_in_flight");
        assertThat(again.jsonPath().getString("title")).isEqualTo("Request in flight");
        assertThat(again.jsonPath().getString("detail")).isEqualTo("Command " + first.jsonPath().getString("commandId")
                + " of this Idempotency-Key is still sent");
    }
}
