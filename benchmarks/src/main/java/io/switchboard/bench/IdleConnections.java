package io.switchboard.bench;

import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.ProcStats;
import io.switchboard.bench.proc.Service;
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
import java.nio.file.Files;
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
 * for Redis, Kafka and jcmd). {@link IdleConnectionsReport} writes the section.
 */
final class IdleConnections {
    private static final System.Logger LOG = System.getLogger(IdleConnections.class.getName());
    static final int IN_FLIGHT = 256;
    private static final int HEADROOM = 64;

    /** The steps (the last one may be "as many as fit"), the idle window at the largest, the tokens minted. */
    record Load(List<Integer> steps, int idleSeconds, int tokens) {
        static Load of(boolean quick) {
            return quick ? new Load(List.of(500, 2000), 5, 2000)
                    : new Load(List.of(1000, 5000, 10000, Integer.MAX_VALUE), 30, 20000);
        }
    }

    /** One measured step of one server. */
    record Step(int target, int connected, int failed, double connectsPerSecond, long rss, long heap, long threads,
                double idleCpuPercent, int dropped) {
    }

    /** One server's ramp: its figures with no connection, then each step. */
    record Ramp(long rss0, long heap0, List<Step> steps, List<Map.Entry<String, long[]>> perConnection) {
    }

    /** The figures: a ramp per server, in the order measured. */
    record Result(Load load, Map<String, Ramp> ramps) {
    }

    /** How to open one connection to a server: a future that completes when it is established. */
    private interface Dialer {
        Future<?> dial(int index, Runnable onClose);
    }

    /** A server under test, whether it is a JVM (jcmd works on it), and how to connect to it. */
    private record Target(Service server, boolean jvm, Dialer dialer) {
    }

    private IdleConnections() {
    }

    static Result measure(Lab lab) throws Exception {
        Load load = Load.of(lab.quick);
        LOG.log(System.Logger.Level.INFO, "minting up to {0} device tokens", load.tokens());
        List<String> tokens = IntStream.range(0, load.tokens()).parallel()
                .mapToObj(i -> lab.token("idle-" + i, List.of("device"), Map.of())).toList();

        Map<String, Ramp> results = new LinkedHashMap<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            try (Service gw = lab.gateway()) {
                WebSocketClient client = client(vertx, "127.0.0.2");
                Dialer dialer = (i, onClose) -> client.connect(new WebSocketConnectOptions()
                        .setAbsoluteURI(gw.ws("/devices/ws").toString()).addHeader("Authorization", "Bearer " + tokens.get(i)))
                        .onSuccess(ws -> ws.exceptionHandler(t -> { }).closeHandler(v -> onClose.run()));
                results.put("Switchboard device-gateway", ramp(new Target(gw, true, dialer), load));
                client.close();
            }
            Pause.millis(2000);
            try (Service sio = lab.socketIo()) {
                WebSocketClient client = client(vertx, "127.0.0.3");
                Dialer dialer = (i, onClose) -> SocketIoClient.connect(vertx, client, new WebSocketConnectOptions()
                        .setAbsoluteURI(sio.ws(SocketIoClient.PATH).toString()), tokens.get(i))
                        .onSuccess(s -> s.onClose(onClose));
                results.put("Socket.IO " + socketIoVersion(lab), ramp(new Target(sio, false, dialer), load));
                client.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new Result(load, results);
    }

    private static WebSocketClient client(Vertx vertx, String localAddress) {
        return vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(30_000).setLocalAddress(localAddress).setConnectTimeout(20_000));
    }

    private static Ramp ramp(Target target, Load load) throws Exception {
        Service server = target.server();
        ProcStats stats = server.stats();
        Pause.millis(2000);
        long rss0 = stats.rssBytes();
        long heap0 = heap(target);
        Map<String, long[]> histogram0 = target.jvm() ? stats.classHistogram() : Map.of();
        ProcStats self = new ProcStats(ProcessHandle.current().pid()); // the load generator has the same cap
        int max = Math.min(load.tokens(), Math.min(stats.maxOpenFiles() - stats.openFiles(),
                self.maxOpenFiles() - self.openFiles()) - HEADROOM);
        LOG.log(System.Logger.Level.INFO, "{0}: baseline RSS {1} MiB, heap {2} MiB, room for {3} sockets",
                server.name(), rss0 >> 20, heap0 >> 20, max);
        List<Integer> steps = load.steps();
        List<Step> out = new ArrayList<>();
        AtomicInteger dropped = new AtomicInteger();
        int connected = 0;
        for (int step : steps) {
            int goal = Math.min(step, max);
            if (goal <= connected) {
                continue;
            }
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long t0 = System.nanoTime();
            dial(target.dialer(), connected, goal, ok, failed, dropped);
            double seconds = (System.nanoTime() - t0) / 1e9;
            connected += ok.get();
            Pause.millis(3000); // let the server finish its per-connection work (presence writes)
            long rss = stats.rssBytes();
            long heap = heap(target);
            double cpu = Double.NaN;
            if (goal == Math.min(steps.get(steps.size() - 1), max)) {
                long c0 = stats.cpuNanos();
                long w0 = System.nanoTime();
                Pause.millis(load.idleSeconds() * 1000L);
                cpu = 100.0 * (stats.cpuNanos() - c0) / (System.nanoTime() - w0);
            }
            Step measured = new Step(goal, connected, failed.get(), ok.get() / seconds, rss, heap,
                    stats.threads(), cpu, dropped.get());
            LOG.log(System.Logger.Level.INFO, "{0}: {1}", server.name(), measured);
            out.add(measured);
            if (failed.get() > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} connects failed; the ramp stops here", server.name(), failed.get());
                break;
            }
        }
        return new Ramp(rss0, heap0, out, target.jvm() && connected > 0
                ? perConnection(histogram0, stats.classHistogram(), connected) : List.of());
    }

    /** Opens connections {@code from} to {@code to - 1}, {@link #IN_FLIGHT} handshakes at a time. */
    private static void dial(Dialer dialer, int from, int to, AtomicInteger ok, AtomicInteger failed,
                             AtomicInteger dropped) throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = from; i < to; i++) {
            window.acquire();
            pending.add(dialer.dial(i, dropped::incrementAndGet).onComplete(ar -> {
                window.release();
                (ar.succeeded() ? ok : failed).incrementAndGet();
            }).toCompletionStage().toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, t) -> v).get(120, TimeUnit.SECONDS);
    }

    /** The profile behind the heap figure: what each connection keeps alive, largest first. */
    private static List<Map.Entry<String, long[]>> perConnection(Map<String, long[]> before, Map<String, long[]> after,
                                                                int connected) {
        List<Map.Entry<String, long[]>> out = new ArrayList<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            out.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1], connected}));
        }
        out.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        return out;
    }

    private static long heap(Target target) throws Exception {
        if (target.jvm()) {
            return target.server().stats().heapAfterGcBytes();
        }
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.server().base().resolve("/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new JsonObject(body).getLong("heapUsed");
    }

    private static String socketIoVersion(Lab lab) {
        try {
            String pkg = Files.readString(lab.root.resolve("benchmarks/socketio/node_modules/socket.io/package.json"));
            return new JsonObject(pkg).getString("version");
        } catch (Exception e) {
            return "";
        }
    }
}
