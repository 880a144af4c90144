package io.switchboard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.CloseCodes;
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
        assertEquals(403, status(Map.of("Authorization", "Bearer " + Tokens.of("customer", "c1"), "Origin", "https://evil.example")));
    }

    @Test
    void shouldAcceptAnAllowedOriginAndAClientWithoutOrigin() throws Exception {
        String token = Tokens.of("customer", "c1");
        assertEquals(101, status(Map.of("Authorization", "Bearer " + token, "Origin", Browser.ORIGIN)));
        assertEquals(101, status(Map.of("Authorization", "Bearer " + token)));
    }

    @Test
    void shouldRefuseAMissingOrForgedTokenWith401() throws Exception {
        assertEquals(401, status(Map.of("Origin", Browser.ORIGIN)));
        assertEquals(401, status(Map.of("Authorization", "Bearer " + Tokens.forged("customer", "c1"), "Origin", Browser.ORIGIN)));
    }

    @Test
    void shouldRefuseRolesThatAreNotBrowserRolesWith403() throws Exception {
        assertEquals(403, status(Map.of("Authorization", "Bearer " + Tokens.of("device", "vm-1"))));
        assertEquals(403, status(Map.of("Authorization", "Bearer " + Tokens.of("service", "orders"))));
    }

    @Test
    void shouldAcceptTheTokenCarriedInTheSubprotocolAsBrowsersMustSendIt() {
        try (Browser b = Browser.connectWithSubprotocol(connectors.get(), base, Tokens.of("customer", "c1"))) {
            assertEquals("pong", b.call("ping", null).get("result").asText());
        }
    }

    @Test
    void shouldCloseWith4501WhenTheTokenExpires() {
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.expiringIn("customer", "c-short", Duration.ofSeconds(3)))) {
            assertEquals("pong", b.call("ping", null).get("result").asText());
            assertEquals(CloseCodes.TOKEN_EXPIRED, b.awaitClosed().getCode());
        }
    }

    private int status(Map<String, String> headers) throws Exception {
        try (RawSocket s = RawSocket.upgrade(base, headers, 0)) {
            return s.status();
        }
    }
}
