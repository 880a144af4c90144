package io.switchboard.testsupport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * RFC 6455 conformance of one socket endpoint, mirroring Autobahn|Testsuite sections 1 to 7 and 9 (framing,
 * ping/pong, reserved bits, opcodes, fragmentation, UTF-8, closing handshake, limits) on raw frames. Each
 * case asserts what the RFC requires (mostly the close code) and then that a fresh connection still answers
 * a JSON-RPC {@code ping}: the server survived it. A subclass names the endpoint; see docs/conformance.md.
 */
public abstract class WebSocketConformanceSuite implements Endpoint {

    /** The service's base URI ({@code http://host:port/}). */
    protected abstract URI baseUri();

    /** The socket's path, e.g. {@code /devices/ws}. */
    protected abstract String path();

    /** The upgrade's headers for one new connection: fresh credentials each call (and an allowed Origin). */
    protected abstract Map<String, String> upgradeHeaders();

    /** The upgrade may be refused for a while after start (e.g. 503 until Kafka partitions are assigned). */
    @Override
    public RawWebSocket open() throws IOException {
        AtomicReference<RawWebSocket> open = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            RawWebSocket ws = RawWebSocket.connect(baseUri(), path(), upgradeHeaders());
            if (ws.status() == 101) {
                open.set(ws);
                return true;
            }
            assertThat(ws.status()).as("upgrade refused").isEqualTo(503);
            ws.close();
            return false;
        });
        return open.get();
    }

    @TestFactory
    Stream<DynamicNode> rfc6455() {
        return Stream.of(
                section("1 framing", FramingCases.all()),
                section("2 ping and pong", PingPongCases.all()),
                section("3 reserved bits", ReservedBitsCases.all()),
                section("4 opcodes", OpcodeCases.all()),
                section("5 fragmentation", FragmentationCases.all()),
                section("6 UTF-8", Utf8Cases.all()),
                section("7 close handling", CloseCases.all()),
                section("9 limits", LimitCases.all()));
    }

    private DynamicContainer section(String name, List<ConformanceCase> cases) {
        return DynamicContainer.dynamicContainer(name, cases.stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> {
            try {
                c.body().run(this);
            } catch (AssertionError e) {
                throw new AssertionError(c.displayName() + ": " + e.getMessage(), e);
            }
            try {
                Probe.assertServerAlive(this);
            } catch (AssertionError | IOException e) {
                throw new AssertionError(c.displayName() + ": a fresh connection no longer answers ping: " + e.getMessage(), e);
            }
        })));
    }
}
