package io.switchboard.bench;

import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.ProcStats;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.report.Plots;
import io.switchboard.bench.report.ReportWriter;
import io.switchboard.bench.sio.SocketIoClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Scenario 1, idle device connections: ramps machine sockets on one device-gateway process, and on one
 * Socket.IO server, to the same steps and reads each server's resident memory, heap after a full
 * collection, threads and idle CPU. The last step is as many as the server process can hold: its
 * open-file limit less the descriptors it already had open and a headroom of 64 (the gateway needs a few
 * for Redis, Kafka and jcmd).
 */
final class IdleConnections {
    private static final System.Logger LOG = System.getLogger(IdleConnections.class.getName());
    private static final int IN_FLIGHT = 256;
    private static final int HEADROOM = 64;

    /** One measured step of one server. */
    record Step(int target, int connected, int failed, double connectsPerSecond, long rss, long heap, long threads,
                double idleCpuPercent, int dropped) {
    }

    /** One server's ramp: its figures with no connection, then each step. */
    record Ramp(long rss0, long heap0, List<Step> steps, List<Map.Entry<String, long[]>> perConnection) {
    }

    /** How to open one connection to a server: a future that completes when it is established. */
    private interface Dialer {
        Future<?> dial(int index, Runnable onClose);
    }

    private IdleConnections() {
    }

    static void run(Lab lab) throws Exception {
        List<Integer> steps = lab.quick ? List.of(500, 2000) : List.of(1000, 5000, 10000, Integer.MAX_VALUE);
        int idleSeconds = lab.quick ? 5 : 30;
        int most = lab.quick ? 2000 : 20000;
        LOG.log(System.Logger.Level.INFO, "minting up to {0} device tokens", most);
        List<String> tokens = IntStream.range(0, most).parallel()
                .mapToObj(i -> lab.token("idle-" + i, List.of("device"), Map.of())).toList();

        Map<String, Ramp> results = new LinkedHashMap<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            try (Service gw = lab.gateway()) {
                WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                        .setMaxConnections(30_000).setLocalAddress("127.0.0.2").setConnectTimeout(20_000));
                Dialer dialer = (i, onClose) -> client.connect(new WebSocketConnectOptions()
                        .setAbsoluteURI("ws://127.0.0.1:38081/devices/ws").addHeader("Authorization", "Bearer " + tokens.get(i)))
                        .onSuccess(ws -> ws.exceptionHandler(t -> { }).closeHandler(v -> onClose.run()));
                results.put("Switchboard device-gateway", ramp(gw, true, dialer, steps, tokens.size(), idleSeconds));
                client.close();
            }
            Pause.millis(2000);
            try (Service sio = lab.socketIo()) {
                WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                        .setMaxConnections(30_000).setLocalAddress("127.0.0.3").setConnectTimeout(20_000));
                Dialer dialer = (i, onClose) -> SocketIoClient.connect(client, new WebSocketConnectOptions()
                        .setAbsoluteURI("ws://127.0.0.1:38090/socket.io/?EIO=4&transport=websocket"), tokens.get(i))
                        .onSuccess(s -> s.onClose(onClose));
                results.put("Socket.IO " + socketIoVersion(lab), ramp(sio, false, dialer, steps, tokens.size(), idleSeconds));
                client.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        report(lab, results, idleSeconds);
    }

    private static Ramp ramp(Service server, boolean jvm, Dialer dialer, List<Integer> steps, int tokens,
                             int idleSeconds) throws Exception {
        ProcStats stats = server.stats();
        Pause.millis(2000);
        long rss0 = stats.rssBytes();
        long heap0 = heap(server, jvm);
        Map<String, long[]> histogram0 = jvm ? stats.classHistogram() : Map.of();
        ProcStats self = new ProcStats(ProcessHandle.current().pid()); // the load generator has the same cap
        int max = Math.min(tokens, Math.min(stats.maxOpenFiles() - stats.openFiles(), self.maxOpenFiles() - self.openFiles())
                - HEADROOM);
        LOG.log(System.Logger.Level.INFO, "{0}: baseline RSS {1} MiB, heap {2} MiB, room for {3} sockets",
                server.name(), rss0 >> 20, heap0 >> 20, max);
        List<Step> out = new ArrayList<>();
        AtomicInteger dropped = new AtomicInteger();
        int connected = 0;
        for (int target : steps) {
            int goal = Math.min(target, max);
            if (goal <= connected) {
                continue;
            }
            Semaphore window = new Semaphore(IN_FLIGHT);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            List<CompletableFuture<?>> pending = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = connected; i < goal; i++) {
                window.acquire();
                pending.add(dialer.dial(i, dropped::incrementAndGet).onComplete(ar -> {
                    window.release();
                    (ar.succeeded() ? ok : failed).incrementAndGet();
                }).toCompletionStage().toCompletableFuture());
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, t) -> v).get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            connected += ok.get();
            Pause.millis(3000); // let the server finish its per-connection work (presence writes)
            long rss = stats.rssBytes();
            long heap = heap(server, jvm);
            double cpu = Double.NaN;
            if (goal == Math.min(steps.get(steps.size() - 1), max)) {
                long c0 = stats.cpuNanos();
                long w0 = System.nanoTime();
                Pause.millis(idleSeconds * 1000L);
                cpu = 100.0 * (stats.cpuNanos() - c0) / (System.nanoTime() - w0);
            }
            Step step = new Step(goal, connected, failed.get(), ok.get() / seconds, rss, heap,
                    stats.threads(), cpu, dropped.get());
            LOG.log(System.Logger.Level.INFO, "{0}: {1}", server.name(), step);
            out.add(step);
            if (failed.get() > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} connects failed; the ramp stops here", server.name(), failed.get());
                break;
            }
        }
        List<Map.Entry<String, long[]>> perConnection = new ArrayList<>();
        if (jvm && connected > 0) { // the profile behind the heap figure: what each connection keeps alive
            for (var e : stats.classHistogram().entrySet()) {
                long[] before = histogram0.getOrDefault(e.getKey(), new long[2]);
                perConnection.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - before[0], e.getValue()[1] - before[1], connected}));
            }
            perConnection.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        }
        return new Ramp(rss0, heap0, out, perConnection);
    }

    private static long heap(Service server, boolean jvm) throws Exception {
        if (jvm) {
            return server.stats().heapAfterGcBytes();
        }
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.base().resolve("/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new JsonObject(body).getLong("heapUsed");
    }

    private static String socketIoVersion(Lab lab) {
        try {
            String pkg = java.nio.file.Files.readString(lab.root.resolve("benchmarks/socketio/node_modules/socket.io/package.json"));
            return new JsonObject(pkg).getString("version");
        } catch (Exception e) {
            return "";
        }
    }

    private static void report(Lab lab, Map<String, Ramp> results, int idleSeconds) {
        ReportWriter r = lab.report;
        r.heading(2, "1. Idle device connections");
        r.para("Machine sockets opened on one server process, " + IN_FLIGHT + " handshakes in flight, then left idle. "
                + "Per connection = (value at the step - value with no connection) / connections. Heap is measured after a "
                + "full collection (`jcmd GC.run` for the JVM, `global.gc()` for Node). Idle CPU is the server's user+system "
                + "time over " + idleSeconds + " s at the largest step, in percent of one core. Switchboard sockets "
                + "authenticate with an RS256 JWT and register presence in Redis; the Socket.IO server verifies the same "
                + "token with node:crypto and keeps the socket in a map.");
        List<List<String>> rows = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        Map<String, List<Double>> rssPer = new LinkedHashMap<>();
        Map<String, List<Double>> heapPer = new LinkedHashMap<>();
        List<String> categories = new ArrayList<>();
        for (var e : results.entrySet()) {
            String system = e.getKey();
            Ramp ramp = e.getValue();
            List<Double> rssSeries = new ArrayList<>();
            List<Double> heapSeries = new ArrayList<>();
            for (Step s : ramp.steps()) {
                double rssKb = (s.rss() - ramp.rss0()) / 1024.0 / s.connected();
                double heapKb = (s.heap() - ramp.heap0()) / 1024.0 / s.connected();
                rows.add(List.of(system, ReportWriter.num(s.connected(), 0), Integer.toString(s.failed()),
                        ReportWriter.num(s.connectsPerSecond(), 0), ReportWriter.num(s.rss() / 1048576.0, 0),
                        ReportWriter.num(rssKb, 1), ReportWriter.num(heapKb, 1), Long.toString(s.threads()),
                        Double.isNaN(s.idleCpuPercent()) ? "" : ReportWriter.num(s.idleCpuPercent(), 2),
                        Integer.toString(s.dropped())));
                csv.add(List.of(system, s.target() == Integer.MAX_VALUE ? "max" : s.target(), s.connected(), s.failed(),
                        s.connectsPerSecond(), s.rss(), s.heap(), ramp.rss0(), ramp.heap0(), rssKb, heapKb, s.threads(),
                        s.idleCpuPercent(), s.dropped()));
                String cat = s.target() == Integer.MAX_VALUE || s.target() > s.connected() + s.failed()
                        ? "most (" + label(s.connected()) + ")" : label(s.target());
                if (categories.size() < rssSeries.size() + 1) {
                    categories.add(cat);
                }
                rssSeries.add(rssKb);
                heapSeries.add(heapKb);
            }
            while (rssSeries.size() < categories.size()) {
                rssSeries.add(Double.NaN);
                heapSeries.add(Double.NaN);
            }
            rssPer.put(system + " RSS", rssSeries);
            heapPer.put(system + " heap", heapSeries);
        }
        r.table(List.of("server", "connections", "failed", "connects/s", "RSS MiB", "RSS KiB/conn", "heap KiB/conn",
                "threads", "idle CPU %", "dropped"), rows);
        r.csv("idle-connections", List.of("server", "step", "connections", "failed", "connects_per_s", "rss_bytes",
                "heap_bytes", "rss0_bytes", "heap0_bytes", "rss_kib_per_conn", "heap_kib_per_conn", "threads",
                "idle_cpu_percent", "dropped"), csv);
        Map<String, List<Double>> both = new LinkedHashMap<>(rssPer);
        both.putAll(heapPer);
        Plots.bars(r.file("idle-memory-per-connection.png"), "Memory per idle connection", "KiB per connection",
                categories, both);
        r.image("idle-memory-per-connection.png", "memory per idle connection, Switchboard vs Socket.IO");
        for (var e : results.entrySet()) {
            List<Map.Entry<String, long[]>> profile = e.getValue().perConnection();
            if (profile.isEmpty()) {
                continue;
            }
            r.heading(3, "Where a connection's heap goes: " + e.getKey());
            r.para("Live objects after a full collection at the largest step minus those with no connection "
                    + "(`jcmd GC.class_histogram`), divided by the connections; the 15 largest classes. All classes are in "
                    + "`idle-heap-per-connection.csv`.");
            List<List<String>> top = new ArrayList<>();
            List<List<?>> all = new ArrayList<>();
            for (var c : profile) {
                double bytes = (double) c.getValue()[1] / c.getValue()[2];
                double count = (double) c.getValue()[0] / c.getValue()[2];
                if (top.size() < 15) {
                    top.add(List.of("`" + c.getKey() + "`", ReportWriter.num(bytes, 0), ReportWriter.num(count, 2)));
                }
                all.add(List.of(c.getKey(), bytes, count));
            }
            r.table(List.of("class", "bytes per connection", "instances per connection"), top);
            r.csv("idle-heap-per-connection", List.of("class", "bytes_per_connection", "instances_per_connection"), all);
        }
        r.flush();
    }

    private static String label(int n) {
        return n >= 1000 ? ReportWriter.num(n / 1000.0, n % 1000 == 0 ? 0 : 1) + "k" : Integer.toString(n);
    }
}
