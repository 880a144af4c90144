package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A device token that expires while the socket is open closes it with 4501 (get a new token first). */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class TokenExpiryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;

    @Test
    void shouldCloseWith4501WhenTheDeviceTokenExpires() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.expiringIn("device", deviceId, Duration.ofSeconds(2));
        try (WsClient ws = WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")), token)) {
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertThat(JSON.readTree(ws.next()).path("result").asText()).isEqualTo("pong");
            assertThat(ws.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(CloseCodes.TOKEN_EXPIRED);
        }
    }
}
