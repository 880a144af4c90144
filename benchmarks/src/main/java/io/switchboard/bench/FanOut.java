package io.switchboard.bench;

import io.switchboard.sim.DevJwt;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Notification fan-out: N sockets subscribed to one shop channel, events posted to notify-service
 * ({@code POST /api/events}), each delivery timed from just before the POST. Prints deliveries, losses,
 * the per-delivery latency and the time to the last delivery of each event.
 *
 * <pre>java -cp benchmarks-all.jar io.switchboard.bench.FanOut --notify http://127.0.0.1:8084
 *   --key .run/keys/privateKey.pem --sockets 1000 --events 100 --interval-ms 50</pre>
 */
public final class FanOut {
    private FanOut() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("--notify", "http://127.0.0.1:8084", "--key", ".run/keys/privateKey.pem",
                "--sockets", "1000", "--events", "100", "--interval-ms", "50"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        DevJwt jwt = DevJwt.fromPemFile(Path.of(o.get("--key")), "https://switchboard.local/issuer");
        int sockets = Integer.parseInt(o.get("--sockets"));
        int events = Integer.parseInt(o.get("--events"));
        String shop = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
        String merchant = jwt.mint("merchant-" + shop, List.of("merchant"), Duration.ofHours(1), Map.of("shop", shop));
        String service = jwt.mint("bench-orders", List.of("service"), Duration.ofHours(1), Map.of());
        URI base = URI.create(o.get("--notify"));
        String ws = "ws://" + base.getHost() + ":" + base.getPort() + "/notifications/ws";

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, AtomicLong> lastAt = new ConcurrentHashMap<>();
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        Histogram delivery = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets + 10));
        CountDownLatch subscribed = new CountDownLatch(sockets);
        String subscribe = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"shop:" + shop + "\"}}";
        for (int i = 0; i < sockets; i++) {
            client.connect(new WebSocketConnectOptions().setAbsoluteURI(ws).addHeader("Authorization", "Bearer " + merchant))
                    .onSuccess(socket -> {
                        socket.textMessageHandler(text -> {
                            long now = System.nanoTime();
                            if (text.contains("\"id\":1,")) {
                                subscribed.countDown();
                                return;
                            }
                            int at = text.indexOf("\"id\":\"bench-");
                            if (at < 0) {
                                return;
                            }
                            String id = text.substring(at + 6, text.indexOf('"', at + 6));
                            Long t0 = sentAt.get(id);
                            if (t0 != null) {
                                synchronized (delivery) {
                                    delivery.recordValue(now - t0);
                                }
                                counts.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
                                lastAt.computeIfAbsent(id, k -> new AtomicLong()).accumulateAndGet(now, Math::max);
                            }
                        });
                        socket.writeTextMessage(subscribe);
                    })
                    .onFailure(t -> System.err.println("connect failed: " + t.getMessage()));
            if (i % 200 == 199) {
                Thread.sleep(20); // pace the handshakes a little
            }
        }
        if (!subscribed.await(120, TimeUnit.SECONDS)) {
            System.err.println("only " + (sockets - subscribed.getCount()) + " sockets subscribed");
        }
        HttpClient http = HttpClient.newHttpClient();
        long interval = Long.parseLong(o.get("--interval-ms"));
        for (int e = 0; e < events; e++) {
            String id = "bench-" + shop + "-" + e;
            String body = "{\"id\":\"" + id + "\",\"channel\":\"shop:" + shop + "\",\"type\":\"order.placed\",\"data\":{\"orderId\":\""
                    + id + "\",\"customerId\":\"c-1\",\"total\":1}}";
            sentAt.put(id, System.nanoTime());
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/api/events"))
                    .header("Authorization", "Bearer " + service).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 202) {
                System.err.println("POST /api/events answered " + r.statusCode());
            }
            Thread.sleep(interval);
        }
        Thread.sleep(3000); // let the last deliveries arrive (bounded wait of a load generator, not a test)
        Histogram toLast = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long received = 0;
        for (var entry : sentAt.entrySet()) {
            AtomicLong last = lastAt.get(entry.getKey());
            if (last != null) {
                toLast.recordValue(last.get() - entry.getValue());
            }
            AtomicLong c = counts.get(entry.getKey());
            received += c == null ? 0 : c.get();
        }
        long expected = (long) sockets * events;
        System.out.println();
        System.out.printf(Locale.ROOT, "## Notification fan-out: %d sockets on one channel, %d events (POST /api/events -> socket)%n%n", sockets, events);
        System.out.println("| measurement | n | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(Report.row("one delivery (POST sent -> frame read)", delivery));
        System.out.println(Report.row("time to the last socket of an event", toLast));
        System.out.printf(Locale.ROOT, "%ndeliveries: %d of %d expected (%d lost)%n", received, expected, expected - received);
        vertx.close();
    }
}
