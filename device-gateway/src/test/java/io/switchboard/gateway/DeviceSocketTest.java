package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The device link's own rules: authentication at the upgrade, frames, limits, one socket per device. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeviceSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    RedisDataSource redis;

    static String device() {
        return "dev-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private URI wsUri() {
        return URI.create(uri.toString().replaceFirst("^http", "ws"));
    }

    @Test
    void shouldRefuseTheUpgradeWithoutAToken() {
        assertThatThrownBy(() -> WsClient.connect(vertx, wsUri(), null))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401));
    }

    @Test
    void shouldRefuseTheUpgradeWithATokenSignedByAnotherKey() {
        assertThatThrownBy(() -> WsClient.connect(vertx, wsUri(), Tokens.forged("device", device())))
                .cause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401));
    }

    @Test
    void shouldRefuseTheUpgradeForARoleOtherThanDevice() {
        assertThatThrownBy(() -> WsClient.connect(vertx, wsUri(), Tokens.of("operator", "alice")))
                .cause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403));
    }

    @Test
    void shouldAcceptTheTokenAsAQueryParameterAndAnswerPing() throws Exception {
        URI withToken = URI.create(wsUri() + "?access_token=" + Tokens.of("device", device()));
        try (WsClient ws = WsClient.connect(vertx, withToken, null)) {
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertThat(JSON.readTree(ws.next())).isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}"));
        }
    }

    @Test
    void shouldAnswerAMalformedFrameWithAParseErrorAndStayConnected() throws Exception {
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device()))) {
            ws.send("{this is not json");
            JsonNode error = JSON.readTree(ws.next());
            assertThat(error.path("error").path("code").asInt()).isEqualTo(-32700);
            assertThat(error.get("id").isNull()).isTrue();

            ws.send("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"reboot\"}");
            assertThat(JSON.readTree(ws.next()).path("error").path("code").asInt()).isEqualTo(-32601);
            ws.send("[1,2]");
            assertThat(JSON.readTree(ws.next()).path("error").path("code").asInt()).isEqualTo(-32600);
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertThat(JSON.readTree(ws.next()).path("result").asText()).isEqualTo("pong");
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void shouldCloseWith1009OnAFrameOverTheLimit() throws Exception {
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device()))) {
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":{\"blob\":\"" + "x".repeat(70_000) + "\"}}");
            assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void shouldCloseWith1009OnAMessageOverTheLimit() throws Exception {
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device()))) {
            String head = "{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":{\"blob\":\"";
            try {
                ws.sendFragmented(head + "x".repeat(40_000), "y".repeat(30_000), "\"}}");
            } catch (ExecutionException closedBeforeTheLastFragment) {
                // the server may close as soon as the message passes the limit, before the last fragment is written
            }
            assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void shouldReplaceTheOlderConnectionOfTheSameDevice() throws Exception {
        String id = device();
        try (WsClient first = WsClient.connect(vertx, wsUri(), Tokens.of("device", id));
             WsClient second = WsClient.connect(vertx, wsUri(), Tokens.of("device", id))) {
            assertThat(first.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(4500);
            second.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertThat(JSON.readTree(second.next()).path("result").asText()).isEqualTo("pong");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.value(String.class).get(PresenceKeys.device(id))).isNotNull());
        }
    }

    @Test
    void shouldRecordPresenceWhileConnectedAndClearItOnClose() throws Exception {
        String id = device();
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", id))) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String presence = redis.value(String.class).get(PresenceKeys.device(id));
                assertThat(presence).contains("\"deviceId\":\"" + id + "\"");
                assertThat(redis.key().pttl(PresenceKeys.device(id))).isPositive();
                // the index of connected devices, scored by the presence's expiry
                assertThat(redis.sortedSet(String.class).zscore(PresenceKeys.INDEX, id).orElseThrow())
                        .isGreaterThan((double) System.currentTimeMillis());
            });
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(redis.value(String.class).get(PresenceKeys.device(id))).isNull();
            assertThat(redis.sortedSet(String.class).zscore(PresenceKeys.INDEX, id)).isEmpty();
        });
    }
}
