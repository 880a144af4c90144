package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.command.store.IdempotencyStore;
import io.switchboard.command.support.BrokerUnreachableProfile;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka unreachable for sends: a command answers 503 broker_unavailable within its budget, fenced so that
 * no gateway delivers it later; unless a gateway had already claimed it, and then it goes on as sent.
 */
@QuarkusTest
@TestProfile(BrokerUnreachableProfile.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class BrokerUnavailableTest {
    /** Time beyond the budget allowed for Redis round trips and the HTTP exchange on a busy machine. */
    private static final long MARGIN_MS = 2500;
    private static final int SEND_TIMEOUT_MS = 5000;

    private static boolean warm;

    @Inject
    RedisDataSource redis;

    /** The first commands of a fresh instance pay for class loading and connections: not what is measured. */
    @BeforeEach
    void warmUp() {
        if (!warm) {
            String deviceId = onlineDevice();
            for (boolean async : new boolean[] {false, true}) {
                post(Tokens.of("operator", "op-warm"), deviceId, "{\"method\":\"dispense\",\"timeoutMs\":100}", null, async)
                        .then().statusCode(503);
            }
            warm = true;
        }
    }

    private String onlineDevice() {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String presence = "{\"deviceId\":\"" + deviceId + "\",\"gateway\":\"gw-test\",\"connectionId\":\"c1\",\"connectedAt\":\""
                + Instant.now() + "\"}";
        redis.value(String.class).set(PresenceKeys.device(deviceId), presence, new SetArgs().px(60_000));
        return deviceId;
    }

    private static Response post(String token, String deviceId, String body, String idempotencyKey, boolean async) {
        var request = given().auth().oauth2(token).contentType("application/json").body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return request.post("/api/devices/" + deviceId + "/commands").then().extract().response();
    }

    private static double metric(String outcome) {
        String line = given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("switchboard_commands_send_failed_total{") && l.contains("outcome=\"" + outcome + "\""))
                .findFirst().orElse("x 0");
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void shouldAnswer503BrokerUnavailableWithinTheTimeoutAndFenceTheCommand() {
        String deviceId = onlineDevice();
        double fencedBefore = metric("fenced");
        long started = System.nanoTime();
        Response r = post(Tokens.of("operator", "op-broker"), deviceId, "{\"method\":\"dispense\",\"timeoutMs\":1500}", null, false);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(r.jsonPath().getString("code")).isEqualTo("broker_unavailable");
        assertThat(r.jsonPath().getString("commandStatus")).isEqualTo("expired");
        assertThat(elapsedMs).as("answered within timeoutMs plus margin").isLessThan(1500 + MARGIN_MS);
        String commandId = r.jsonPath().getString("commandId");
        assertThat(r.header("Location")).endsWith("/api/commands/" + commandId);

        assertThat(redis.value(String.class).get("sb:gateway:sent:" + commandId)).as("fence").isEqualTo("fenced-by-command-service");
        assertThat(redis.key().pttl("sb:gateway:sent:" + commandId)).isGreaterThan(Duration.ofMinutes(59).toMillis());
        Response record = given().auth().oauth2(Tokens.of("operator", "op-broker")).get("/api/commands/" + commandId)
                .then().statusCode(200).extract().response();
        assertThat(record.jsonPath().getString("status")).isEqualTo("expired");
        assertThat(record.jsonPath().getString("reason")).isEqualTo("broker_unavailable");
        assertThat(metric("fenced")).isGreaterThan(fencedBefore);
    }

    @Test
    void shouldBoundTheSendBySendTimeoutWhenTheCommandTimeoutIsLonger() {
        String deviceId = onlineDevice();
        long started = System.nanoTime();
        Response r = post(Tokens.of("service", "orders"), deviceId, "{\"method\":\"dispense\",\"timeoutMs\":30000}", null, false);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.jsonPath().getString("code")).isEqualTo("broker_unavailable");
        assertThat(elapsedMs).as("commands.send-timeout-ms, not timeoutMs").isLessThan(SEND_TIMEOUT_MS + MARGIN_MS);
    }

    @Test
    void shouldReleaseTheIdempotencyKeyOfAFencedCommandSoARetrySendsAgain() {
        String deviceId = onlineDevice();
        String token = Tokens.of("operator", "op-idem-" + UUID.randomUUID());
        String body = "{\"method\":\"dispense\",\"timeoutMs\":500}";
        Response first = post(token, deviceId, body, "key-1", false);
        Response retry = post(token, deviceId, body, "key-1", false);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(retry.statusCode()).as("not 409 in flight, not the stored outcome").isEqualTo(503);
        assertThat(retry.jsonPath().getString("commandId")).isNotEqualTo(first.jsonPath().getString("commandId"));
    }

    @Test
    void shouldAnswer503ToARespondAsyncRequest() {
        String deviceId = onlineDevice();
        long started = System.nanoTime();
        Response r = post(Tokens.of("operator", "op-async"), deviceId, "{\"method\":\"dispense\",\"timeoutMs\":800}", null, true);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.jsonPath().getString("code")).isEqualTo("broker_unavailable");
        assertThat(elapsedMs).isLessThan(800 + MARGIN_MS);
    }

    @Test
    void shouldGoOnWaitingWhenAGatewayClaimedTheCommandBeforeTheFence() throws Exception {
        String deviceId = onlineDevice();
        String subject = "op-lost-" + UUID.randomUUID();
        String token = Tokens.of("operator", subject);
        double handedOverBefore = metric("handed_over");
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                () -> post(token, deviceId, "{\"method\":\"dispense\",\"timeoutMs\":3000}", "key-lost", false));

        // play the gateway: claim the deliver-once key while command-service still waits for Kafka
        String idem = await().atMost(Duration.ofSeconds(2))
                .until(() -> redis.value(String.class).get(IdempotencyStore.redisKey(subject, "key-lost")), v -> v != null);
        String commandId = idem.substring(idem.indexOf(' ') + 1);
        redis.value(String.class).set("sb:gateway:sent:" + commandId, deviceId, new SetArgs().nx().px(60_000));

        Response r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.jsonPath().getString("code")).isEqualTo("command_timeout");
        assertThat(r.jsonPath().getString("commandId")).isEqualTo(commandId);
        assertThat(r.jsonPath().getString("commandStatus")).as("handed over: sent").isEqualTo("sent");
        assertThat(redis.value(String.class).get("sb:gateway:sent:" + commandId)).as("the gateway's claim stands").isEqualTo(deviceId);
        assertThat(metric("handed_over")).isGreaterThan(handedOverBefore);
    }
}
