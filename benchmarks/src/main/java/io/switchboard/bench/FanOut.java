package io.switchboard.bench;

import io.switchboard.bench.proc.OnLoop;
import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import io.switchboard.bench.sio.SocketIoClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Scenario 3, notification fan-out: N browser sockets subscribed to one shop channel; events posted to
 * {@code POST /api/events}; each delivery timed from just before its POST to the frame read by the load
 * generator. First single events (one at a time, a second apart: the time to the last socket), then a
 * steady rate (deliveries per second, and per second of the server's CPU). Switchboard's notify-service
 * and a Socket.IO server ({@code io.to(channel).emit}) by the same load generator.
 */
final class FanOut {
    private static final System.Logger LOG = System.getLogger(FanOut.class.getName());
    private static final int IN_FLIGHT = 256;

    /** One system at one socket count. */
    record Run(String system, int sockets, int subscribed, Phase single, Phase steady, int steadyRate) {
    }

    /** Deliveries of a phase: per delivery, to the last socket of each event, counts and the server's CPU. */
    record Phase(Histogram delivery, Histogram toLast, long expected, long received, double seconds, double serverCpuSeconds) {
        double deliveriesPerSecond() {
            return received / seconds;
        }

        double deliveriesPerCpuSecond() {
            return received / serverCpuSeconds;
        }
    }

    /** Opens one subscribed socket whose event frames go to the sink (frame text or payload). */
    private interface Subscriber {
        Future<Runnable> open(Consumer<String> sink);
    }

    private FanOut() {
    }

    static void run(Lab lab) throws Exception {
        List<Integer> counts = lab.quick ? List.of(1000) : List.of(1000, 10_000);
        int singles = lab.quick ? 5 : 20;
        int steadySeconds = lab.quick ? 5 : 10;
        String shop = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
        String merchant = lab.token("merchant-" + shop, List.of("merchant"), Map.of("shop", shop));
        String service = lab.token("bench-orders", List.of("service"), Map.of());
        String channel = "shop:" + shop;
        List<Run> runs = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            HttpClient http = vertx.createHttpClient();
            WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(30_000)
                    .setConnectTimeout(20_000).setLocalAddress("127.0.0.4"));
            try (Service notify = lab.notifyService()) {
                String subscribe = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"" + channel + "\"}}";
                Subscriber sb = sink -> OnLoop.call(ws, () -> ws.connect(new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:38084/notifications/ws")
                        .addHeader("Authorization", "Bearer " + merchant)).compose(socket -> {
                            io.vertx.core.Promise<Runnable> subscribed = io.vertx.core.Promise.promise();
                            socket.exceptionHandler(t -> { });
                            socket.textMessageHandler(text -> {
                                if (text.contains("\"method\":\"event\"")) {
                                    sink.accept(text);
                                } else if (text.contains("\"result\"")) {
                                    subscribed.tryComplete(() -> socket.close());
                                } else {
                                    subscribed.tryFail(text);
                                }
                            });
                            socket.writeTextMessage(subscribe);
                            return subscribed.future();
                        }));
                for (int n : counts) {
                    runs.add(measure("Switchboard", notify, sb, http, service, channel, n, singles, steadySeconds));
                }
            }
            try (Service sio = lab.socketIo()) {
                Subscriber sub = sink -> SocketIoClient.connect(ws, new WebSocketConnectOptions()
                        .setAbsoluteURI("ws://127.0.0.1:38090/socket.io/?EIO=4&transport=websocket"), merchant)
                        .compose(c -> {
                            c.onEvent((name, payload) -> sink.accept(payload));
                            return c.emitWithAck("subscribe", "\"" + channel + "\"").<Runnable>map(ack -> {
                                if (ack.contains("error")) {
                                    throw new IllegalStateException(ack);
                                }
                                return c::close;
                            });
                        });
                for (int n : counts) {
                    runs.add(measure("Socket.IO", sio, sub, http, service, channel, n, singles, steadySeconds));
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        report(lab, runs);
    }

    private static Run measure(String system, Service server, Subscriber subscriber, HttpClient http, String token,
                               String channel, int sockets, int singles, int steadySeconds) throws Exception {
        String run = Long.toHexString(System.nanoTime());
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, AtomicLong> lastAt = new ConcurrentHashMap<>();
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        Recorder recorder = new Recorder(3);
        String marker = "\"id\":\"fo-" + run + "-";
        Consumer<String> sink = text -> {
            long now = System.nanoTime();
            int at = text.indexOf(marker);
            if (at < 0) {
                return;
            }
            String id = text.substring(at + 6, text.indexOf('"', at + 6));
            Long t0 = sentAt.get(id);
            if (t0 != null) {
                recorder.recordValue(now - t0);
                counts.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
                lastAt.computeIfAbsent(id, k -> new AtomicLong()).accumulateAndGet(now, Math::max);
            }
        };
        LOG.log(System.Logger.Level.INFO, "{0}: subscribing {1} sockets", system, sockets);
        List<Runnable> closers = new ArrayList<>();
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<java.util.concurrent.CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            window.acquire();
            pending.add(subscriber.open(sink).onComplete(ar -> window.release()).onSuccess(c -> {
                synchronized (closers) {
                    closers.add(c);
                }
            }).toCompletionStage().toCompletableFuture());
        }
        java.util.concurrent.CompletableFuture.allOf(pending.toArray(java.util.concurrent.CompletableFuture[]::new))
                .handle((v, t) -> v).get(180, TimeUnit.SECONDS);
        int subscribed = closers.size();
        LOG.log(System.Logger.Level.INFO, "{0}: {1} of {2} sockets subscribed", system, subscribed, sockets);
        Pause.millis(1000);

        // single events, one second apart
        Phase single = phase(server, http, token, channel, run, "s", singles, 1, sentAt, lastAt, counts, recorder, subscribed);
        // a steady rate: about 20,000 deliveries a second, at least one event a second
        int rate = Math.max(1, 20_000 / sockets);
        Phase steady = phase(server, http, token, channel, run, "r", rate * steadySeconds, rate, sentAt, lastAt, counts,
                recorder, subscribed);
        closers.forEach(Runnable::run);
        Pause.millis(2000);
        return new Run(system, sockets, subscribed, single, steady, rate);
    }

    private static Phase phase(Service server, HttpClient http, String token, String channel, String run, String tag,
                               int events, int perSecond, Map<String, Long> sentAt, Map<String, AtomicLong> lastAt,
                               Map<String, AtomicLong> counts, Recorder recorder, int sockets) {
        recorder.reset();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long cpu0 = server.stats().cpuNanos();
        long t0 = System.nanoTime() + 100_000_000;
        List<String> ids = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            Pause.until(t0 + e * interval);
            String id = "fo-" + run + "-" + tag + e;
            ids.add(id);
            String body = "{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"type\":\"order.placed\",\"data\":{\"orderId\":\""
                    + id + "\",\"customerId\":\"c-1\",\"total\":1}}";
            sentAt.put(id, System.nanoTime());
            OnLoop.call(http, () -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(server.base().getPort())
                            .setURI("/api/events").addHeader("Authorization", "Bearer " + token)
                            .addHeader("Content-Type", "application/json"))
                    .compose(req -> req.send(Buffer.buffer(body))).compose(resp -> resp.body().map(b -> resp.statusCode())))
                    .onComplete(ar -> {
                        if (ar.failed() || ar.result() != 202) {
                            LOG.log(System.Logger.Level.WARNING, "POST /api/events: {0}", ar.failed() ? ar.cause() : ar.result());
                        }
                    });
        }
        long expected = (long) events * sockets;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received(ids, counts) < expected && System.nanoTime() < deadline) {
            Pause.millis(20);
        }
        long received = received(ids, counts);
        long end = ids.stream().map(lastAt::get).filter(java.util.Objects::nonNull).mapToLong(AtomicLong::get).max().orElse(t0);
        double cpuSeconds = (server.stats().cpuNanos() - cpu0) / 1e9;
        Histogram toLast = ReportWriter.histogram();
        for (String id : ids) {
            AtomicLong last = lastAt.get(id);
            if (last != null) {
                toLast.recordValue(last.get() - sentAt.get(id));
            }
        }
        if (received < expected) {
            LOG.log(System.Logger.Level.WARNING, "{0} of {1} deliveries missing after 30 s", expected - received, expected);
        }
        return new Phase(recorder.getIntervalHistogram(), toLast, expected, received, (end - sentAt.get(ids.get(0))) / 1e9, cpuSeconds);
    }

    private static long received(List<String> ids, Map<String, AtomicLong> counts) {
        long n = 0;
        for (String id : ids) {
            AtomicLong c = counts.get(id);
            n += c == null ? 0 : c.get();
        }
        return n;
    }

    private static void report(Lab lab, List<Run> runs) {
        ReportWriter r = lab.report;
        r.heading(2, "3. Notification fan-out");
        r.para("Browser sockets subscribed to one shop channel; events posted to `POST /api/events`, each delivery timed "
                + "from just before the POST to the frame read by the load generator (which shares the machine). Single events "
                + "are posted one a second; the steady rate aims at 20,000 deliveries a second. Deliveries per CPU-second divide "
                + "the deliveries by the server process' user+system time in that phase. Switchboard's path is "
                + "HTTP -> Kafka `notify.events` -> notify-service -> Redis (history, pub/sub to every replica) -> sockets; "
                + "Socket.IO's is HTTP -> `io.to(channel).emit` in one process.");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        for (Run run : runs) {
            for (var p : List.of(Map.entry("single events", run.single()), Map.entry("steady " + run.steadyRate() + " events/s", run.steady()))) {
                Phase ph = p.getValue();
                rows.add(List.of(run.system(), ReportWriter.num(run.subscribed(), 0), p.getKey(),
                        ReportWriter.ms(ph.toLast().getValueAtPercentile(50)), ReportWriter.ms(ph.toLast().getValueAtPercentile(99)),
                        ReportWriter.ms(ph.delivery().getValueAtPercentile(50)), ReportWriter.ms(ph.delivery().getValueAtPercentile(99)),
                        ReportWriter.num(ph.deliveriesPerSecond(), 0), ReportWriter.num(ph.deliveriesPerCpuSecond(), 0),
                        Long.toString(ph.expected() - ph.received())));
                csv.add(List.of(run.system(), run.sockets(), run.subscribed(), p.getKey(), ph.expected(), ph.received(),
                        ph.toLast().getValueAtPercentile(50) / 1e6, ph.toLast().getValueAtPercentile(99) / 1e6,
                        ph.delivery().getValueAtPercentile(50) / 1e6, ph.delivery().getValueAtPercentile(99) / 1e6,
                        ph.delivery().getValueAtPercentile(99.9) / 1e6, ph.deliveriesPerSecond(), ph.serverCpuSeconds(),
                        ph.deliveriesPerCpuSecond()));
            }
        }
        r.table(List.of("server", "sockets", "load", "to last socket p50 ms", "to last p99 ms", "delivery p50 ms",
                "delivery p99 ms", "deliveries/s", "deliveries per server CPU-second", "lost"), rows);
        r.csv("fan-out", List.of("server", "sockets", "subscribed", "phase", "expected", "received", "to_last_p50_ms",
                "to_last_p99_ms", "delivery_p50_ms", "delivery_p99_ms", "delivery_p99_9_ms", "deliveries_per_s",
                "server_cpu_s", "deliveries_per_cpu_s"), csv);
        r.heading(3, "Headline ratios");
        for (Run sb : runs.stream().filter(x -> x.system().equals("Switchboard")).toList()) {
            runs.stream().filter(x -> !x.system().equals("Switchboard") && x.sockets() == sb.sockets()).findFirst().ifPresent(other -> {
                r.bullet(String.format("%,d sockets, one event: last delivery p50 %s ms (Socket.IO %s ms), target: within 50 ms.",
                        sb.sockets(), ReportWriter.ms(sb.single().toLast().getValueAtPercentile(50)),
                        ReportWriter.ms(other.single().toLast().getValueAtPercentile(50))));
                r.bullet(String.format("%,d sockets, steady: %s deliveries per server CPU-second vs Socket.IO's %s: **%s** (target: 2x or more).",
                        sb.sockets(), ReportWriter.num(sb.steady().deliveriesPerCpuSecond(), 0),
                        ReportWriter.num(other.steady().deliveriesPerCpuSecond(), 0),
                        ReportWriter.ratio(sb.steady().deliveriesPerCpuSecond() / other.steady().deliveriesPerCpuSecond())));
            });
        }
        r.para("");
        Map<String, Histogram> series = new LinkedHashMap<>();
        runs.forEach(x -> series.put(x.system() + ", " + ReportWriter.num(x.sockets(), 0) + " sockets", x.single().delivery()));
        Plots.latencyPercentiles(r.file("fan-out-delivery.png"), "Fan-out: one delivery, single events", series);
        r.image("fan-out-delivery.png", "fan-out delivery latency by percentile");
        r.flush();
    }
}
