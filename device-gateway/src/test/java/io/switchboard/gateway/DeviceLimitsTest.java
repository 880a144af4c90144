package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Message rate and connection attempts on /devices/ws (gateway.limits.*), with small limits from the profile. */
@QuarkusTest
@TestProfile(DeviceLimitsTest.SmallLimits.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeviceLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 20 at once, 50/s sustained; a flood is closed after 500 refusals; 3 connection attempts per 2 s. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.message-burst", "20", "gateway.limits.messages-per-second", "50",
                    "gateway.limits.max-strikes", "500", "gateway.limits.strike-window", "10s",
                    "gateway.limits.connect-attempts", "3", "gateway.limits.connect-window", "2s");
        }
    }

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;

    private URI wsUri() {
        return URI.create(uri.toString().replaceFirst("^http", "ws"));
    }

    static String device(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** What one flooding socket saw: answers, -32007 refusals, and its close code. */
    record Flood(int pongs, int limited, long retryAfterMs, int closeCode) {
    }

    @Test
    void shouldTellAFloodingDeviceThenCloseItWhileAWellBehavedOneGetsEveryAnswer() throws Exception {
        try (WsClient calm = WsClient.connect(vertx, wsUri(), Tokens.of("device", device("calm")))) {
            List<Long> baseline = pings(calm, 20);
            AtomicBoolean flooding = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Flood> floods = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> flooders = new ArrayList<>();
            for (int f = 0; f < 2; f++) {
                flooders.add(pool.submit(() -> {
                    while (flooding.get()) {
                        floods.add(flood(device("flood")));
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
            System.out.printf("device rate limit: well-behaved ping p50 %.2f ms alone, %.2f ms (max %.2f ms) during %d floods;"
                            + " floods: %s%n", base / 1e6, loaded / 1e6, Collections.max(during) / 1e6, floods.size(), floods);
            assertThat(floods).allSatisfy(f -> {
                assertThat(f.limited()).as("told -32007 before the close").isPositive();
                assertThat(f.retryAfterMs()).isPositive();
                assertThat(f.pongs()).as("the burst and the refill are answered").isGreaterThanOrEqualTo(20);
                assertThat(f.closeCode()).isEqualTo(1008);
            });
            assertThat(loaded).as("well-behaved median round trip during the flood (ns)")
                    .isLessThanOrEqualTo(Math.max(5 * base, base + 200_000_000L));
            assertThat(registry.counter("switchboard.socket.limits", "endpoint", "devices", "limit", "message_rate",
                    "outcome", "closed").count()).isGreaterThanOrEqualTo(floods.size());
        }
    }

    @Test
    void shouldDropNotificationsOverTheRateAndCloseWhenTheyKeepComing() throws Exception {
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", device("chatty")))) {
            double droppedBefore = registry.counter("switchboard.socket.limits", "endpoint", "devices", "limit", "message_rate",
                    "outcome", "dropped").count();
            String status = "{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":{\"n\":1}}";
            for (int i = 0; i < 2000 && !ws.isClosed(); i++) {
                try {
                    ws.send(status);
                } catch (ExecutionException closed) {
                    break;
                }
            }
            assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
            assertThat(ws.frames).as("a notification is never answered, not even when refused").isEmpty();
            assertThat(registry.counter("switchboard.socket.limits", "endpoint", "devices", "limit", "message_rate",
                    "outcome", "dropped").count() - droppedBefore).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void shouldRefuseADeviceReconnectingInATightLoopWith429UntilItsWindowEnds() throws Exception {
        String id = device("loop");
        for (int i = 0; i < 3; i++) {
            WsClient.connect(vertx, wsUri(), Tokens.of("device", id)).close();
        }
        assertThatThrownBy(() -> WsClient.connect(vertx, wsUri(), Tokens.of("device", id)))
                .cause().isInstanceOf(UpgradeRejectedException.class)
                .satisfies(e -> {
                    UpgradeRejectedException rejected = (UpgradeRejectedException) e;
                    assertThat(rejected.getStatus()).isEqualTo(429);
                    assertThat(Integer.parseInt(rejected.getHeaders().get("Retry-After"))).isBetween(1, 2);
                    assertThat(rejected.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
                    JsonNode problem = JSON.readTree(rejected.getBody().toString());
                    assertThat(problem.path("code").asText()).isEqualTo("too_many_connections");
                    assertThat(problem.path("status").asInt()).isEqualTo(429);
                });
        try (WsClient other = WsClient.connect(vertx, wsUri(), Tokens.of("device", device("other")))) {
            assertThat(other.isClosed()).as("another device is not refused").isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            try (WsClient again = WsClient.connect(vertx, wsUri(), Tokens.of("device", id))) {
                again.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
                assertThat(JSON.readTree(again.next()).path("result").asText()).isEqualTo("pong");
            }
        });
    }

    /** Connects as {@code id} and sends pings as fast as the socket takes them until the server closes it. */
    private Flood flood(String id) throws Exception {
        try (WsClient ws = WsClient.connect(vertx, wsUri(), Tokens.of("device", id))) {
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
                JsonNode f = JSON.readTree(frame);
                if ("pong".equals(f.path("result").asText())) {
                    pongs++;
                } else if (f.path("error").path("code").asInt() == -32007) {
                    limited++;
                    assertThat(f.path("error").path("message").asText()).isEqualTo("rate limited");
                    retryAfter = Math.max(retryAfter, f.path("error").path("data").path("retryAfterMs").asLong());
                }
            }
            return new Flood(pongs, limited, retryAfter, code);
        }
    }

    /** {@code n} pings one after the other, 50 ms apart (20/s, under the limit); returns each round trip in ns. */
    private static List<Long> pings(WsClient ws, int n) throws Exception {
        List<Long> rtts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":\"calm-" + i + "\",\"method\":\"ping\"}");
            JsonNode answer = JSON.readTree(ws.next());
            rtts.add(System.nanoTime() - start);
            assertThat(answer.path("id").asText()).isEqualTo("calm-" + i);
            assertThat(answer.path("result").asText()).as("the well-behaved device is never limited: %s", answer).isEqualTo("pong");
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
}
