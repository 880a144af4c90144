package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.ws.CloseOutcome;
import io.switchboard.testsupport.ws.Frame;
import io.switchboard.testsupport.ws.RawWebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The QR push socket answers RFC 6455 violations with their close code, as the two JSON-RPC sockets do
 * (their full suite is in docs/conformance.md; this socket only pushes, so it gets the frame-level cases).
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class PushFramesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;
    Browser browser;

    @BeforeEach
    void setUp() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        browser = new Browser(base);
    }

    private RawWebSocket open() throws Exception {
        Browser.Login login = browser.start();
        RawWebSocket socket = RawWebSocket.connect(base, "/qr-logins/" + login.loginId() + "/ws",
                Map.of("Cookie", login.cookie(), "Origin", "http://" + base.getHost() + ":" + base.getPort()));
        assertThat(socket.status()).isEqualTo(101);
        assertThat(socket.readText(WAIT)).contains("pending");
        return socket;
    }

    @Test
    void shouldCloseWith1002OnAReservedBit() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(Frame.text("{}").rsv(4));

            CloseOutcome outcome = socket.awaitClose(WAIT);
            assertThat(outcome.kind()).as(outcome.toString()).isEqualTo(CloseOutcome.Kind.CLOSE_FRAME);
            assertThat(outcome.code()).isEqualTo(1002);
        }
    }

    @Test
    void shouldCloseWith1002OnAnUnmaskedClientFrame() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(Frame.text("{}").unmasked());

            CloseOutcome outcome = socket.awaitClose(WAIT);
            assertThat(outcome.kind()).as(outcome.toString()).isEqualTo(CloseOutcome.Kind.CLOSE_FRAME);
            assertThat(outcome.code()).isEqualTo(1002);
        }
    }

    @Test
    void shouldCloseWith1007OnTextThatIsNotUtf8() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send(Frame.text(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));

            CloseOutcome outcome = socket.awaitClose(WAIT);
            assertThat(outcome.kind()).as(outcome.toString()).isEqualTo(CloseOutcome.Kind.CLOSE_FRAME);
            assertThat(outcome.code()).isEqualTo(1007);
        }
    }
}
