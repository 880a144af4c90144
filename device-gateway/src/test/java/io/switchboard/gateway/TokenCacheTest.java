package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cache of verified tokens (common's CachingJwtValidator) at the device upgrade: a machine reconnecting with
 * the same token is not verified again and is still itself (its {@code sub}); a token the verifier refuses is
 * refused with 401 every time, also while a valid token of the same device is cached.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class TokenCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;

    private URI wsUri() {
        return URI.create(uri.toString().replaceFirst("^http", "ws"));
    }

    @Test
    void shouldServeAReconnectFromTheCacheAsTheSameDevice() throws Exception {
        String device = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.of("device", device);
        double misses = count("miss");
        double hits = count("hit");

        for (int i = 0; i < 2; i++) {
            try (WsClient ws = WsClient.connect(vertx, wsUri(), token)) {
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
                assertThat(JSON.readTree(ws.next()).path("result").asText()).isEqualTo("pong");
            }
        }

        assertThat(count("miss") - misses).isEqualTo(1);
        assertThat(count("hit") - hits).isEqualTo(1);
    }

    @Test
    void shouldRefuseAForgedTokenWhileTheDevicesRealOneIsCached() throws Exception {
        String device = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device))) {
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertThat(JSON.readTree(ws.next()).path("result").asText()).isEqualTo("pong");
        }
        double hits = count("hit");
        String forged = Tokens.forged("device", device);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> WsClient.connect(vertx, wsUri(), forged))
                    .cause().isInstanceOf(UpgradeRejectedException.class)
                    .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401));
        }
        assertThat(count("hit")).isEqualTo(hits);
    }

    private double count(String outcome) {
        var c = registry.find("switchboard.auth.token.cache").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
