package io.switchboard.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
import io.switchboard.testsupport.ContractSchemas;
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
        assertThat(state(frames.poll(10, TimeUnit.SECONDS)).path("state").asText()).isEqualTo("pending");

        socket.sendTextAndAwait("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertThat(Browser.read(ContractSchemas.assertValid("ping-result.json", frames.poll(10, TimeUnit.SECONDS)))
                .path("result").asText()).isEqualTo("pong");
        socket.sendTextAndAwait("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"subscribe\"}");
        assertThat(Browser.read(ContractSchemas.assertValid("jsonrpc-error.json", frames.poll(10, TimeUnit.SECONDS)))
                .path("error").path("code").asInt()).isEqualTo(-32601);

        webhooks.send(login.qrCodeKey(), "scanned", "user-40");
        assertThat(state(frames.poll(10, TimeUnit.SECONDS)).path("state").asText()).isEqualTo("scanned");
        webhooks.send(login.qrCodeKey(), "granted", "user-40");
        JsonNode granted = state(frames.poll(10, TimeUnit.SECONDS));
        assertThat(granted.path("state").asText()).isEqualTo("granted");
        assertThat(granted.path("grant").path("user").path("id").asText()).isEqualTo("user-40");
        assertThat(granted.path("grant").path("sessionToken").asText().split("\\.").length == 3).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
        assertThat(closed.get().getCode()).isEqualTo(1000);
        assertThat(Browser.read(browser.pollNow(login).body()).path("state").asText()).isEqualTo("consumed");
    }

    @Test
    void shouldRefuseSocketWithoutBindingCookie() {
        Browser.Login login = browser.start();
        RuntimeException refused = assertThatExceptionOfType(RuntimeException.class)
                .isThrownBy(() -> connectors.get().baseUri(base)
                .path("/qr-logins/" + login.loginId() + "/ws").connectAndAwait()).actual();
        assertThat(String.valueOf(refused.getMessage()).contains("403")).as(String.valueOf(refused)).isTrue();
        assertThat(Browser.read(browser.pollNow(login).body()).path("state").asText()).isEqualTo("pending");
    }

    @Test
    void shouldRefuseSocketOfAnUnknownLoginWith404() {
        RuntimeException refused = assertThatExceptionOfType(RuntimeException.class)
                .isThrownBy(() -> connectors.get().baseUri(base)
                .addHeader("Cookie", "sb_qr_ql_nope=x").path("/qr-logins/ql_nope/ws").connectAndAwait()).actual();
        assertThat(String.valueOf(refused.getMessage())).as(String.valueOf(refused)).contains("404");
    }

    /** A state notification's params; the frame valid against contract/schemas/qr-state-notification.json. */
    private static JsonNode state(String frame) {
        JsonNode node = Browser.read(ContractSchemas.assertValid("qr-state-notification.json", frame));
        assertThat(node.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(node.path("method").asText()).as(frame).isEqualTo("state");
        return node.path("params");
    }
}
