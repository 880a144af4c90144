package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.RawSocket;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is refused at the HTTP upgrade (status seen on a hand-written handshake), and the token-expiry close. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class UpgradeSecurityTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldRefuseABrowserFromAnOriginNotOnTheAllowlistWith403() throws Exception {
        assertThat(status(Map.of("Authorization", "Bearer " + Tokens.of("customer", "c1"), "Origin", "https://evil.example")))
                .isEqualTo(403);
    }

    @Test
    void shouldAcceptAnAllowedOriginAndAClientWithoutOrigin() throws Exception {
        String token = Tokens.of("customer", "c1");
        assertThat(status(Map.of("Authorization", "Bearer " + token, "Origin", Browser.ORIGIN))).isEqualTo(101);
        assertThat(status(Map.of("Authorization", "Bearer " + token))).isEqualTo(101);
    }

    @Test
    void shouldRefuseAMissingOrForgedTokenWith401() throws Exception {
        assertThat(status(Map.of("Origin", Browser.ORIGIN))).isEqualTo(401);
        assertThat(status(Map.of("Authorization", "Bearer " + Tokens.forged("customer", "c1"), "Origin", Browser.ORIGIN)))
                .isEqualTo(401);
    }

    @Test
    void shouldRefuseRolesThatAreNotBrowserRolesWith403() throws Exception {
        assertThat(status(Map.of("Authorization", "Bearer " + Tokens.of("device", "vm-1")))).isEqualTo(403);
        assertThat(status(Map.of("Authorization", "Bearer " + Tokens.of("service", "orders")))).isEqualTo(403);
    }

    @Test
    void shouldAcceptTheTokenCarriedInTheSubprotocolAsBrowsersMustSendIt() {
        try (Browser b = Browser.connectWithSubprotocol(connectors.get(), base, Tokens.of("customer", "c1"))) {
            assertThat(b.call("ping", null).get("result").asText()).isEqualTo("pong");
        }
    }

    @Test
    void shouldCloseWith4501WhenTheTokenExpires() {
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.expiringIn("customer", "c-short", Duration.ofSeconds(3)))) {
            assertThat(b.call("ping", null).get("result").asText()).isEqualTo("pong");
            assertThat(b.awaitClosed().getCode()).isEqualTo(CloseCodes.TOKEN_EXPIRED);
        }
    }

    private int status(Map<String, String> headers) throws Exception {
        try (RawSocket s = RawSocket.upgrade(base, headers, 0)) {
            return s.status();
        }
    }
}
