package io.switchboard.bench;

import io.switchboard.sim.DevJwt;
import io.vertx.core.Future;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private static final System.Logger LOG = System.getLogger(FanOut.class.getName());
    private static final int HANDSHAKE_BATCH = 200;
    private FanOut() {
    }

    /** The event id of an {@code event} notification frame, or null. */
    private static String eventId(String frame) {
        int at = frame.indexOf("\"id\":\"bench-");
        return at < 0 ? null : frame.substring(at + 6, frame.indexOf('"', at + 6));
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
        CountDownLatch delivered = new CountDownLatch(sockets * events);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets + 10));
        CountDownLatch subscribed = new CountDownLatch(sockets);
        String subscribe = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"shop:" + shop + "\"}}";
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setAbsoluteURI(ws)
                .addHeader("Authorization", "Bearer " + merchant);
        for (int from = 0; from < sockets; from += HANDSHAKE_BATCH) {
            List<Future<?>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(sockets, from + HANDSHAKE_BATCH); i++) {
                batch.add(client.connect(connect).onSuccess(socket -> {
                    socket.textMessageHandler(text -> {
                        long now = System.nanoTime();
                        if (text.contains("\"id\":1,")) {
                            subscribed.countDown();
                            return;
                        }
                        String id = eventId(text);
                        Long t0 = id == null ? null : sentAt.get(id);
                        if (t0 != null) {
                            synchronized (delivery) {
                                delivery.recordValue(now - t0);
                            }
                            counts.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
                            lastAt.computeIfAbsent(id, k -> new AtomicLong()).accumulateAndGet(now, Math::max);
                            delivered.countDown();
                        }
                    });
                    socket.writeTextMessage(subscribe);
                }).onFailure(t -> LOG.log(System.Logger.Level.WARNING, "connect failed: {0}", t.getMessage())));
            }
            Future.join(batch).toCompletionStage().toCompletableFuture().handle((v, t) -> v).join(); // pace the handshakes
        }
        if (!subscribed.await(120, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "only {0} sockets subscribed", sockets - subscribed.getCount());
        }

        HttpClient http = HttpClient.newHttpClient();
        long interval = Long.parseLong(o.get("--interval-ms"));
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
            int e = next.getAndIncrement();
            if (e >= events) {
                pacer.shutdown();
                return;
            }
            String id = "bench-" + shop + "-" + e;
            String body = "{\"id\":\"" + id + "\",\"channel\":\"shop:" + shop + "\",\"type\":\"order.placed\",\"data\":{\"orderId\":\""
                    + id + "\",\"customerId\":\"c-1\",\"total\":1}}";
            sentAt.put(id, System.nanoTime());
            http.sendAsync(HttpRequest.newBuilder(base.resolve("/api/events"))
                    .header("Authorization", "Bearer " + service).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> {
                        if (r.statusCode() != 202) {
                            LOG.log(System.Logger.Level.WARNING, "POST /api/events answered {0}", r.statusCode());
                        }
                    });
        }, 0, interval, TimeUnit.MILLISECONDS);
        if (!delivered.await(events * interval + 30_000, TimeUnit.MILLISECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "{0} deliveries still missing after the wait", delivered.getCount());
        }
        pacer.shutdownNow();

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
        Report.fanOut(sockets, events, delivery, toLast, received);
        vertx.close();
    }
}
