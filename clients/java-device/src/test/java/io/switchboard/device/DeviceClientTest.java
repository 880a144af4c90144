package io.switchboard.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over a real socket, against a scripted stand-in for the gateway (what a real gateway does not do on
 * demand: send a command id twice, close with a chosen code). DeviceClientSystemTest runs it against real gateways.
 */
class DeviceClientTest {
    private static final String COMMAND = "{\"jsonrpc\":\"2.0\",\"id\":\"cmd_1\",\"method\":\"dispense\",\"params\":{\"bag\":2}}";

    private Vertx vertx;
    private HttpServer server;
    private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().webSocketHandler(ws -> {
            authorizations.add(ws.headers().get("Authorization") + " " + ws.query());
            ws.textMessageHandler(frames::add);
            sockets.add(ws);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private DeviceClient.Builder builder() {
        return DeviceClient.builder(URI.create("ws://127.0.0.1:" + server.actualPort() + "/devices/ws"), () -> "tok")
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .handle("dispense", params -> Map.of("n", calls.incrementAndGet(), "bag", params.path("bag").asInt()));
    }

    private ServerWebSocket socket(int index) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sockets.size() > index);
        return sockets.get(index);
    }

    @Test
    void shouldSendTheTokenInTheHeaderOrInTheQuery() {
        try (DeviceClient header = builder().start(); DeviceClient query = builder().tokenInQuery().start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> header.connected() && query.connected());
        }
        assertThat(authorizations).containsExactlyInAnyOrder("Bearer tok null", "null access_token=tok");
    }

    @Test
    void shouldAnswerARedeliveryOverTheSocketFromMemory() {
        try (DeviceClient client = builder().start()) {
            socket(0).writeTextMessage(COMMAND);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 1);
            socket(0).writeTextMessage(COMMAND);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 2);
        }
        assertThat(calls).hasValue(1);
        assertThat(frames.get(1)).isEqualTo(frames.get(0)).contains("\"bag\":2");
    }

    @Test
    void shouldNotActTwiceAfterARestartWithTheFileStore(@TempDir Path dir) {
        Path file = dir.resolve("answers.jsonl");
        try (DeviceClient first = builder().answersFile(file, 16).start()) {
            socket(0).writeTextMessage(COMMAND);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 1);
        }
        try (DeviceClient restarted = builder().answersFile(file, 16).start()) {
            socket(1).writeTextMessage(COMMAND);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 2);
        }
        assertThat(calls).hasValue(1);
        assertThat(frames.get(1)).isEqualTo(frames.get(0));
    }

    @Test
    void shouldReconnectAfterARestartCloseAndStopAfterBeingReplaced() {
        List<String> closes = new CopyOnWriteArrayList<>();
        DeviceListener listener = new DeviceListener() {
            @Override
            public void closed(int code, String reason, boolean reconnecting) {
                closes.add(code + ":" + reconnecting);
            }
        };
        try (DeviceClient client = builder().listener(listener).start()) {
            socket(0).close((short) 1012, "service restart");
            socket(1).close((short) 4500, "replaced by a newer connection");

            await().atMost(Duration.ofSeconds(10)).until(() -> closes.size() == 2);
            assertThat(closes).containsExactly("1012:true", "4500:false");
            assertThat(client.running()).isFalse();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> sockets.size() == 2);
            assertThat(client.connects()).isEqualTo(2);
        }
    }

    @Test
    void shouldAnswerPingAndSendNotifications() {
        try (DeviceClient client = builder().start()) {
            await().atMost(Duration.ofSeconds(10)).until(client::connected);
            socket(0).writeTextMessage("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
            assertThat(client.notify("status", Map.of("bagsLeft", 5))).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 2);
        }
        assertThat(frames).containsExactlyInAnyOrder("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"pong\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":{\"bagsLeft\":5}}");
    }
}
