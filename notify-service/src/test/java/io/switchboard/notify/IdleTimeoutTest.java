package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.RawSocket;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server pings; a socket that answers nothing (not even a pong) for the idle timeout is closed with 4000. */
@QuarkusTest
@TestProfile(IdleTimeoutTest.ShortIdle.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class IdleTimeoutTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldCloseADeadSocketWith4000AndKeepOneThatAnswersPings() throws Exception {
        try (Browser alive = Browser.connect(connectors.get(), base, Tokens.of("customer", "c-alive"));
             RawSocket dead = RawSocket.upgrade(base, Map.of("Authorization", "Bearer " + Tokens.of("customer", "c-dead")), 0)) {
            assertThat(dead.status()).isEqualTo(101);
            assertThat(dead.readUntilClose()).as("pings went unanswered").isEqualTo(CloseCodes.IDLE_TIMEOUT);
            assertThat(alive.isOpen()).as("a client answering pings is not idle").isTrue();
            assertThat(alive.call("ping", null).get("result").asText()).isEqualTo("pong");
        }
    }

    /** Pings every 300 ms, idle after 2 s. */
    public static class ShortIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notify.socket.idle-timeout", "2s",
                    "quarkus.websockets-next.server.auto-ping-interval", "300ms");
        }
    }
}
