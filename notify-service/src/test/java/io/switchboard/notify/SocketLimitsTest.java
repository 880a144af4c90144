package io.switchboard.notify;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.notify.store.ConnectionLeases;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.notify.support.TestSendBuffer;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Message rate, sockets per user and concurrent replays on /notifications/ws (notify.limits.*), small limits from the profile. */
@QuarkusTest
@TestProfile(SocketLimitsTest.SmallLimits.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class SocketLimitsTest {

    /**
     * 20 at once then 50/s, closed after 500 refusals; 3 sockets per user, leases of 3 s refreshed every second; 2
     * replays; a 16 KiB server send buffer (an auto-tuned one took in both stalled replays, 1.2 MB, once), and room
     * for 4096 unflushed frames per socket, so that only the rate limit closes the flood.
     */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notify.limits.message-burst", "20", "notify.limits.messages-per-second", "50",
                    "notify.limits.max-strikes", "500", "notify.limits.connections-per-user", "3",
                    "notify.limits.connection-lease", "3s", "notify.limits.connection-lease-refresh", "1s",
                    "notify.limits.connection-retry-after", "7s", "notify.limits.concurrent-replays", "2",
                    "test.http.send-buffer-size", "16384", // TestSendBuffer: a stalled socket's replays really stall
                    // the flood's answers to one read of pipelined pings wait behind the small send buffer: above the
                    // test profile's 64 (SlowConsumerTest's limit) they would close it 4001 before the 501st refusal
                    "notify.socket.max-queued", "4096");
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;
    @Inject
    RedisDataSource redis;

    record Flood(int pongs, int limited, long retryAfterMs, int closeCode) {
    }

    @Test
    void shouldTellAFloodingBrowserThenCloseItWhileAWellBehavedOneGetsEveryAnswer() throws Exception {
        try (Browser calm = Browser.connect(connectors.get(), base, Tokens.of("customer", Ingest.unique("calm")))) {
            List<Long> baseline = pings(calm, 20);
            AtomicBoolean flooding = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Flood> floods = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> flooders = new ArrayList<>();
            for (int f = 0; f < 2; f++) {
                flooders.add(pool.submit(() -> {
                    while (flooding.get()) {
                        floods.add(flood(Ingest.unique("flood")));
                    }
                    return null;
                }));
            }
            List<Long> during;
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> !floods.isEmpty());
                during = pings(calm, 40);
            } finally {
                flooding.set(false);
                for (Future<?> f : flooders) {
                    f.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();
            }
            long base = median(baseline);
            long loaded = median(during);
            System.out.printf("browser rate limit: well-behaved ping p50 %.2f ms alone, %.2f ms (max %.2f ms) during %d floods;"
                    + " floods: %s%n", base / 1e6, loaded / 1e6, Collections.max(during) / 1e6, floods.size(), floods);
            for (Flood f : floods) {
                assertThat(f.limited() > 0).as("told -32007 before the close: " + f).isTrue();
                assertThat(f.retryAfterMs() > 0).as("retryAfterMs: " + f).isTrue();
                assertThat(f.pongs() >= 20).as("the burst and the refill are answered: " + f).isTrue();
                assertThat(f.closeCode()).as("closed for rate: " + f).isEqualTo(1008);
            }
            assertThat(loaded <= Math.max(5 * base, base + 200_000_000L))
                    .as("well-behaved median round trip during the flood " + loaded + " ns, alone " + base + " ns").isTrue();
            assertThat(registry.counter("switchboard.socket.limits", "endpoint", "notifications", "limit", "message_rate",
                    "outcome", "closed").count() >= floods.size()).isTrue();
        }
    }

    @Test
    void shouldRefuseTheSocketPastTheLimitOfOneUserWith429AndAcceptOneOnceAnotherCloses() throws Exception {
        String user = Ingest.unique("many");
        String token = Tokens.of("customer", user);
        List<Browser> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(Browser.connect(connectors.get(), base, token));
            }
            UpgradeRejectedException rejected = refusal(token);
            assertThat(rejected.getStatus()).isEqualTo(429);
            assertThat(rejected.getHeaders().get("Retry-After")).isEqualTo("7");
            assertThat(rejected.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
            JsonNode problem = Browser.JSON.readTree(rejected.getBody().toString());
            assertThat(problem.path("code").asText()).isEqualTo("too_many_connections");
            assertThat(problem.path("status").asInt()).isEqualTo(429);
            try (Browser other = Browser.connect(connectors.get(), base, Tokens.of("customer", Ingest.unique("other")))) {
                assertThat(other.call("ping", null).path("result").asText()).as("another user is not refused").isEqualTo("pong");
            }
            await().pollDelay(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                    assertThat(refusal(token).getStatus()).as("leases refreshed every second outlive their 3 s").isEqualTo(429));

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() ->
                    open.add(Browser.connect(connectors.get(), base, token)));
            assertThat(open.get(2).call("ping", null).path("result").asText()).isEqualTo("pong");
        } finally {
            open.forEach(Browser::close);
        }
    }

    @Test
    void shouldNotCountTheLeasesOfAReplicaThatDied() throws Exception {
        String user = Ingest.unique("orphan");
        String key = ConnectionLeases.key(user);
        long past = System.currentTimeMillis() - 1_000;
        for (int i = 0; i < 3; i++) {
            redis.sortedSet(String.class).zadd(key, past, "dead-replica-" + i); // leases nobody refreshed
        }
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            assertThat(b.call("ping", null).path("result").asText()).isEqualTo("pong");
            assertThat(redis.sortedSet(String.class).zcard(key)).as("the ended leases were dropped").isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.sortedSet(String.class).zcard(key) == 0);
    }

    @Test
    void shouldRefuseASubscribeWithSinceWhileTwoReplaysOfTheSocketAreRunning() throws Exception {
        List<String> boards = List.of(Ingest.unique("b"), Ingest.unique("b"), Ingest.unique("b"));
        String token = Tokens.of("customer", Ingest.unique("member"), Map.of("boards", boards));
        List<String> channels = boards.stream().map(b -> "board:" + b).toList();
        String blob = "x".repeat(30_000);
        for (String channel : channels) {
            for (int i = 0; i < 20; i++) {
                Ingest.post(Ingest.event(Ingest.unique("e"), channel, "order.updated", Map.of("blob", blob)));
            }
        }
        double refusedBefore = registry.counter("switchboard.socket.limits", "endpoint", "notifications", "limit",
                "concurrent_replays", "outcome", "limited").count();
        try (Raw stalled = Raw.connect(vertx, base, token, 4096)) {
            stalled.socket.pause(); // reads nothing: the replays' writes cannot complete
            for (int i = 0; i < 3; i++) {
                stalled.send("{\"jsonrpc\":\"2.0\",\"id\":\"s" + i + "\",\"method\":\"subscribe\",\"params\":{\"channel\":\""
                        + channels.get(i) + "\",\"since\":0}}");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.counter("switchboard.socket.limits", "endpoint",
                    "notifications", "limit", "concurrent_replays", "outcome", "limited").count() > refusedBefore);
            stalled.socket.resume();
            Map<String, JsonNode> answers = stalled.answers(3);
            assertThat(answers.get("s0").path("result").path("recovered").asBoolean()).as(answers.get("s0").toString()).isTrue();
            assertThat(answers.get("s1").path("result").path("recovered").asBoolean()).as(answers.get("s1").toString()).isTrue();
            JsonNode refused = answers.get("s2").path("error");
            assertThat(refused.path("code").asInt()).as(answers.get("s2").toString()).isEqualTo(-32007);
            assertThat(refused.path("message").asText()).isEqualTo("rate limited");
            assertThat(refused.path("data").path("retryAfterMs").asLong()).isEqualTo(250);

            await().atMost(Duration.ofSeconds(20)).until(() -> stalled.events() == 40); // both replays complete
            stalled.send("{\"jsonrpc\":\"2.0\",\"id\":\"again\",\"method\":\"subscribe\",\"params\":{\"channel\":\""
                    + channels.get(2) + "\",\"since\":0}}");
            assertThat(stalled.answers(4).get("again").path("result").path("recovered").asBoolean())
                    .as("once the replays are done, a subscribe with since is served again").isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> stalled.events() == 60);
        }
    }

    private UpgradeRejectedException refusal(String token) {
        ExecutionException failed = assertThatExceptionOfType(ExecutionException.class)
                .isThrownBy(() -> Raw.connect(vertx, base, token, 0).close()).actual();
        return assertThat(failed.getCause()).asInstanceOf(type(UpgradeRejectedException.class)).actual();
    }

    /** Connects as {@code user} and sends pings as fast as the socket takes them until the server closes it. */
    private Flood flood(String user) throws Exception {
        try (Raw ws = Raw.connect(vertx, base, Tokens.of("customer", user), 0)) {
            for (int i = 0; i < 20_000 && !ws.closeCode.isDone(); i++) {
                try {
                    ws.send("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\"}");
                } catch (ExecutionException closed) {
                    break;
                }
            }
            int code = ws.closeCode.get(10, TimeUnit.SECONDS);
            int pongs = 0;
            int limited = 0;
            long retryAfter = 0;
            for (String frame : ws.frames) {
                JsonNode f = Browser.JSON.readTree(frame);
                if ("pong".equals(f.path("result").asText())) {
                    pongs++;
                } else if (f.path("error").path("code").asInt() == -32007) {
                    limited++;
                    retryAfter = Math.max(retryAfter, f.path("error").path("data").path("retryAfterMs").asLong());
                }
            }
            return new Flood(pongs, limited, retryAfter, code);
        }
    }

    /** {@code n} pings one after the other, 50 ms apart (20/s, under the limit); returns each round trip in ns. */
    private static List<Long> pings(Browser b, int n) throws Exception {
        List<Long> rtts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            JsonNode answer = b.call("ping", null);
            rtts.add(System.nanoTime() - start);
            assertThat(answer.path("result").asText())
                    .as("the well-behaved browser is never limited: " + answer).isEqualTo("pong");
            long rest = 50_000_000L - (System.nanoTime() - start);
            if (rest > 0) {
                TimeUnit.NANOSECONDS.sleep(rest); // pacing the well-behaved client, not waiting for a condition
            }
        }
        return rtts;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** A Vert.x WebSocket client: every text frame in a queue, the close code in a future; can stop reading (pause). */
    static final class Raw implements AutoCloseable {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final WebSocket socket;
        private final WebSocketClient client;

        private Raw(WebSocketClient client, WebSocket socket) {
            this.client = client;
            this.socket = socket;
            socket.textMessageHandler(frames::add);
            socket.closeHandler(v -> closeCode.complete(socket.closeStatusCode() == null ? 1006 : (int) socket.closeStatusCode()));
        }

        /** Connects; {@code receiveBuffer} > 0 shrinks the TCP receive buffer. Fails with the upgrade's rejection. */
        static Raw connect(Vertx vertx, URI base, String token, int receiveBuffer) throws Exception {
            WebSocketClientOptions options = new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20);
            if (receiveBuffer > 0) {
                options.setReceiveBufferSize(receiveBuffer);
            }
            WebSocketClient client = vertx.createWebSocketClient(options);
            WebSocketConnectOptions connect = new WebSocketConnectOptions()
                    .setAbsoluteURI(base.toString().replaceFirst("^http", "ws").replaceFirst("/$", "") + "/notifications/ws")
                    .addHeader("Authorization", "Bearer " + token).addHeader("Origin", Browser.ORIGIN);
            try {
                return new Raw(client, client.connect(connect).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                client.close();
                throw e;
            }
        }

        void send(String text) throws Exception {
            socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }

        /** The answers (frames with an id) received so far, waiting until there are {@code n}. */
        Map<String, JsonNode> answers(int n) {
            AtomicReference<Map<String, JsonNode>> found = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                found.set(answersNow());
                return found.get().size() >= n;
            });
            return found.get();
        }

        long events() {
            return frames.stream().filter(f -> f.contains("\"method\":\"event\"")).count();
        }

        private Map<String, JsonNode> answersNow() throws Exception {
            Map<String, JsonNode> out = new HashMap<>();
            for (String f : frames) {
                JsonNode frame = Browser.JSON.readTree(f);
                if (frame.has("id")) {
                    out.put(frame.get("id").asText(), frame);
                }
            }
            return out;
        }

        @Override
        public void close() {
            if (!socket.isClosed()) {
                socket.close();
            }
            client.close();
        }
    }
}
