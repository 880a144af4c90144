package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With {@code mp.jwt.verify.audiences} set, a device token must carry a matching {@code aud} (checked at the upgrade). */
@QuarkusTest
@TestProfile(AudienceTest.Audience.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class AudienceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The audience check on, as {@code MP_JWT_VERIFY_AUDIENCES=switchboard} does in prod. */
    public static class Audience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.audiences", "switchboard");
        }
    }

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;

    private URI wsUri() {
        return URI.create(uri.toString().replaceFirst("^http", "ws"));
    }

    private static String device() {
        return "dev-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldRefuseATokenWithoutAudienceWith401() {
        assertRefused(Tokens.of("device", device()));
    }

    @Test
    void shouldRefuseATokenForAnotherAudienceWith401() {
        assertRefused(Tokens.of("device", device(), Map.of("aud", "elsewhere")));
        assertRefused(Tokens.of("device", device(), Map.of("aud", List.of("elsewhere", "switchboard-staging"))));
    }

    @Test
    void shouldAcceptATokenForThisAudience() throws Exception {
        for (Object aud : List.of("switchboard", List.of("other", "switchboard"))) {
            try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device(), Map.of("aud", aud)))) {
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
                assertThat(JSON.readTree(ws.next()).path("result").asText()).isEqualTo("pong");
            }
        }
    }

    private void assertRefused(String token) {
        assertThatThrownBy(() -> WsClient.connect(vertx, wsUri(), token))
                .cause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401));
    }
}
