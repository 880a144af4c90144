package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.ws.CloseOutcome;
import io.switchboard.testsupport.ws.Frame;
import io.switchboard.testsupport.ws.RawWebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The server's keep-alive on the device link ({@code gateway.auto-ping-interval}, one timer for all sockets): every
 * silent socket is pinged, a device that answers the pings (and sends nothing else) stays connected past
 * {@code gateway.idle-timeout}, and one that does not answer is closed with 4000. Shortened here: pings every
 * 500 ms, idle timeout 2 s, swept every 500 ms.
 */
@QuarkusTest
@TestProfile(KeepAliveTest.Short.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class KeepAliveTest {
    private static final Duration IDLE = Duration.ofSeconds(2);

    public static class Short implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.auto-ping-interval", "500ms", "gateway.idle-timeout", IDLE.toMillis() + "ms",
                    "gateway.sweep-interval", "500ms");
        }
    }

    @TestHTTPResource("/")
    URI base;

    private RawWebSocket open() throws Exception {
        String device = "keep-" + UUID.randomUUID().toString().substring(0, 8);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) { // 503 until the command consumer has its partitions
            RawWebSocket ws = RawWebSocket.connect(base, "/devices/ws", Map.of("Authorization", "Bearer " + Tokens.of("device", device)));
            if (ws.status() == 101 || System.nanoTime() > until) {
                assertThat(ws.status()).isEqualTo(101);
                return ws;
            }
            ws.close();
            Thread.sleep(200);
        }
    }

    @Test
    void shouldKeepASilentDeviceThatAnswersPingsPastTheIdleTimeout() throws Exception {
        try (RawWebSocket ws = open()) {
            long end = System.nanoTime() + IDLE.multipliedBy(3).toNanos();
            int pings = 0;
            while (System.nanoTime() < end) {
                Frame f = ws.read(Duration.ofSeconds(2));
                assertThat(f.opcode()).as("only pings while silent, got %s", f).isEqualTo(Frame.PING);
                ws.send(Frame.pong(f.payload()));
                pings++;
            }
            assertThat(pings).as("pings within %s", IDLE.multipliedBy(3)).isGreaterThanOrEqualTo(6);
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertThat(ws.readText(Duration.ofSeconds(5))).contains("\"pong\"");
        }
    }

    @Test
    void shouldCloseADeviceThatAnswersNoPingWith4000() throws Exception {
        try (RawWebSocket ws = open()) {
            CloseOutcome outcome = ws.awaitClose(IDLE.multipliedBy(4));
            assertThat(outcome.kind()).as(outcome.toString()).isEqualTo(CloseOutcome.Kind.CLOSE_FRAME);
            assertThat(outcome.code()).isEqualTo(CloseCodes.IDLE_TIMEOUT);
            assertThat(outcome.before()).as("pinged before the close").isNotEmpty()
                    .allSatisfy(f -> assertThat(f.opcode()).isEqualTo(Frame.PING));
        }
    }
}
