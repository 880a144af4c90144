package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.auth.support.Webhooks;
import io.switchboard.testsupport.InfraResource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class PushSocketTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;
    Browser browser;
    Webhooks webhooks;

    @BeforeEach
    void setUp() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        browser = new Browser(base);
        webhooks = new Webhooks(base);
    }

    @Test
    void shouldPushEachStateAndTheGrantThenCloseAndLeaveItConsumed() throws Exception {
        Browser.Login login = browser.start();
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        AtomicReference<CloseReason> closed = new AtomicReference<>();
        WebSocketClientConnection socket = connectors.get().baseUri(base).path("/qr-logins/" + login.loginId() + "/ws")
                .addHeader("Cookie", login.cookie())
                .onTextMessage((c, m) -> frames.add(m))
                .onClose((c, r) -> closed.set(r))
                .connectAndAwait();
        assertEquals("pending", state(frames.poll(10, TimeUnit.SECONDS)).path("state").asText());

        socket.sendTextAndAwait("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals("pong", Browser.read(frames.poll(10, TimeUnit.SECONDS)).path("result").asText());

        webhooks.send(login.qrCodeKey(), "scanned", "user-40");
        assertEquals("scanned", state(frames.poll(10, TimeUnit.SECONDS)).path("state").asText());
        webhooks.send(login.qrCodeKey(), "granted", "user-40");
        JsonNode granted = state(frames.poll(10, TimeUnit.SECONDS));
        assertEquals("granted", granted.path("state").asText());
        assertEquals("user-40", granted.path("grant").path("user").path("id").asText());
        assertTrue(granted.path("grant").path("sessionToken").asText().split("\\.").length == 3);

        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
        assertEquals(1000, closed.get().getCode());
        assertEquals("consumed", Browser.read(browser.pollNow(login).body()).path("state").asText());
    }

    @Test
    void shouldRefuseSocketWithoutBindingCookie() {
        Browser.Login login = browser.start();
        RuntimeException refused = assertThrows(RuntimeException.class, () -> connectors.get().baseUri(base)
                .path("/qr-logins/" + login.loginId() + "/ws").connectAndAwait());
        assertTrue(String.valueOf(refused.getMessage()).contains("403"), String.valueOf(refused));
        assertEquals("pending", Browser.read(browser.pollNow(login).body()).path("state").asText());
    }

    @Test
    void shouldRefuseSocketOfAnUnknownLoginWith404() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> connectors.get().baseUri(base)
                .addHeader("Cookie", "sb_qr_ql_nope=x").path("/qr-logins/ql_nope/ws").connectAndAwait());
        assertTrue(String.valueOf(refused.getMessage()).contains("404"), String.valueOf(refused));
    }

    private static JsonNode state(String frame) {
        JsonNode node = Browser.read(frame);
        assertEquals("2.0", node.path("jsonrpc").asText());
        assertEquals("state", node.path("method").asText(), frame);
        return node.path("params");
    }
}
