package io.switchboard.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.common.redis.RedisSubscriptions;
import io.switchboard.common.redis.RedisSubscriptionsReadiness;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/**
 * "Newest connection wins" and presence after Redis drops the gateway's kick subscription: a kick published
 * while it was down is applied by the reconciliation that follows the re-subscribe, and a presence lost
 * meanwhile is claimed again. The drop is real: Redis kills this process' pub/sub connection.
 */
@QuarkusTest
@TestProfile(PresenceResyncTest.SlowResubscribe.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PresenceResyncTest {
    static final String CLIENT_NAME = "gateway-resubscribe-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Names this process' Redis connections, and waits 5 s before subscribing again, so the gap is visible. */
    public static class SlowResubscribe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.client-name", CLIENT_NAME, "quarkus.redis.configure-client-name", "true",
                    "switchboard.redis.subscriptions.min-backoff", "5s", "switchboard.redis.subscriptions.max-backoff", "5s");
        }
    }

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisSubscriptions subscriptions;
    @Inject
    @Readiness
    RedisSubscriptionsReadiness readiness;

    private URI wsUri() {
        return URI.create(uri.toString().replaceFirst("^http", "ws"));
    }

    private boolean kicksUp() {
        return subscriptions.all().stream().filter(s -> s.name().equals("presence kicks")).allMatch(s -> s.up());
    }

    @Test
    void shouldRetireASocketReplacedElsewhereWhileTheKickSubscriptionWasDown() throws Exception {
        String device = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.value(String.class).get(PresenceKeys.device(device)) != null);
            dropSubscriptions();
            HealthCheckResponse ready = readiness.call();
            assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(ready.getData().orElseThrow().get("presence kicks").toString()).startsWith("down: connection ended");

            // another gateway takes the device over and kicks: the kick is published into the void
            String newer = JSON.createObjectNode().put("deviceId", device).put("gateway", "gateway-elsewhere")
                    .put("connectionId", "conn-newer").put("connectedAt", "2026-01-01T00:00:00Z").toString();
            redis.value(String.class).set(PresenceKeys.device(device), newer);
            redis.pubsub(String.class).publish(PresenceKeys.KICK_CHANNEL, "{}");

            await().atMost(Duration.ofSeconds(10)).until(this::kicksUp);
            assertThat(ws.closeCode.get(5, TimeUnit.SECONDS)).as("close code").isEqualTo(CloseCodes.REPLACED);
            assertThat(redis.value(String.class).get(PresenceKeys.device(device))).as("the newer presence is kept")
                    .contains("conn-newer");
            given().get("/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    void shouldClaimAPresenceLostWhileTheSubscriptionWasDown() throws Exception {
        String device = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.value(String.class).get(PresenceKeys.device(device)) != null);
            dropSubscriptions();
            redis.key().del(PresenceKeys.device(device)); // as after a Redis that came back without its data
            await().atMost(Duration.ofSeconds(10)).until(this::kicksUp);
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.value(String.class).get(PresenceKeys.device(device)) != null);
            assertThat(ws.isClosed()).isFalse();
        }
    }

    /** Kills, from Redis' side, every pub/sub connection of this process, and waits until that is noticed. */
    private void dropSubscriptions() {
        String list = redis.execute("CLIENT", "LIST", "TYPE", "pubsub").toString();
        int killed = 0;
        for (String line : list.split("\n")) {
            if (line.contains(" name=" + CLIENT_NAME + " ")) {
                int at = line.indexOf("id=") + 3;
                redis.execute("CLIENT", "KILL", "ID", line.substring(at, line.indexOf(' ', at)));
                killed++;
            }
        }
        assertThat(killed).as("pub/sub connections of this process").isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> !kicksUp());
    }
}
