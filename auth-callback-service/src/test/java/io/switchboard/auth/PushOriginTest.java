package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.switchboard.auth.support.Browser;
import io.switchboard.auth.support.ThirdPartyStub;
import io.switchboard.testsupport.InfraResource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push socket's upgrade checks the browser's {@code Origin}: this service's own page and
 * {@code qr.allowed-origins} pass, any other is 403 even with the right binding cookie.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ThirdPartyStub.class, restrictToAnnotatedClass = false)
class PushOriginTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;
    Browser browser;

    @BeforeEach
    void setUp() {
        ThirdPartyStub.mode(ThirdPartyStub.Mode.OK);
        browser = new Browser(base);
    }

    private WebSocketClientConnection open(Browser.Login login, String origin, LinkedBlockingQueue<String> frames) {
        return connectors.get().baseUri(base).path("/qr-logins/" + login.loginId() + "/ws")
                .addHeader("Cookie", login.cookie()).addHeader("Origin", origin)
                .onTextMessage((c, m) -> frames.add(m))
                .connectAndAwait();
    }

    @Test
    void shouldRefuseAnotherSitesOriginWith403EvenWithTheBindingCookie() {
        Browser.Login login = browser.start();

        RuntimeException refused = assertThatExceptionOfType(RuntimeException.class)
                .isThrownBy(() -> open(login, "https://evil.example", new LinkedBlockingQueue<>())).actual();

        assertThat(String.valueOf(refused.getMessage()).contains("403")).as(String.valueOf(refused)).isTrue();
    }

    @Test
    void shouldRefuseASiblingOfThisHostOnAnotherPort() {
        Browser.Login login = browser.start();

        RuntimeException refused = assertThatExceptionOfType(RuntimeException.class)
                .isThrownBy(() -> open(login, "http://" + base.getHost() + ":" + (base.getPort() + 1), new LinkedBlockingQueue<>())).actual();

        assertThat(String.valueOf(refused.getMessage()).contains("403")).as(String.valueOf(refused)).isTrue();
    }

    @Test
    void shouldAcceptThisServicesOwnPage() throws Exception {
        Browser.Login login = browser.start();
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();

        WebSocketClientConnection socket = open(login, "http://" + base.getHost() + ":" + base.getPort(), frames);

        assertThat(Browser.read(frames.poll(10, TimeUnit.SECONDS)).path("params").path("state").asText()).isEqualTo("pending");
        socket.closeAndAwait();
    }

    @Test
    void shouldAcceptAnOriginOnTheAllowlist() throws Exception {
        Browser.Login login = browser.start();
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();

        WebSocketClientConnection socket = open(login, "http://127.0.0.1:8083", frames);

        assertThat(Browser.read(frames.poll(10, TimeUnit.SECONDS)).path("params").path("state").asText()).isEqualTo("pending");
        socket.closeAndAwait();
    }
}
