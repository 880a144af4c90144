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
    /** The third system: plain Vert.x with the peer's token check, the most connects a JVM server makes here. */
    static final String FLOOR = "JVM floor (plain Vert.x + RS256)";
    /** Warm-up waves take turns over this many sets of device ids, so that none nears gateway.limits.connect-attempts. */
    private static final int WARM_UP_SETS = 4;

    /**
     * The steps (the last one may be "as many as fit"), the idle window at the largest, the tokens minted, and the
     * connect warm-up: waves of {@code warmUpWave} sockets opened then closed, for at least {@code warmUpMinSeconds}
     * and until the server's CPU per connect has settled ({@link CommandDriver#settled}), at most
     * {@code warmUpMaxSeconds}. The warm-up uses tokens of its own (other device ids), so a device's connect attempts
     * in the ramp are its first.
     */
    record Load(List<Integer> steps, int idleSeconds, int tokens, int warmUpWave, int warmUpMinSeconds,
                int warmUpMaxSeconds) {
        static Load of(boolean quick) {
            return quick ? new Load(List.of(500, 2000), 5, 2000, 250, 2, 8)
                    : new Load(List.of(1000, 5000, 10000, Integer.MAX_VALUE), 30, 20000, 1000, 20, 240);
        }
    }

    /**
     * One warm-up wave: connects opened per second, the server's CPU per connect (open and close) in µs, and the share
     * of that CPU its JIT compiler threads took (NaN for a server with none, such as Node).
     */
    record Wave(double connectsPerSecond, double cpuMicrosPerConnect, double compilerShare) {
    }

    /** One measured step of one server. */
    record Step(int target, int connected, int failed, double connectsPerSecond, long rss, long heap, long threads,
                double idleCpuPercent, int dropped, double serverCpuPercent, double generatorCpuPercent) {
    }

    /** One server's ramp: its warm-up waves, its figures with no connection, then each step. */
    record Ramp(List<Wave> warmUp, long rss0, long heap0, List<Step> steps, List<Map.Entry<String, long[]>> perConnection) {
    }

    /** The figures: a ramp per server, in the order measured. */
    record Result(Load load, Map<String, Ramp> ramps) {
    }

    /** How to open one connection to a server: a future of what closes it, completed once it is established. */
    private interface Dialer {
        Future<Runnable> dial(String token, Runnable onClose);
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
        List<String> warmUpTokens = IntStream.range(0, WARM_UP_SETS * load.warmUpWave()).parallel()
                .mapToObj(i -> lab.token("idle-warm-up-" + i, List.of("device"), Map.of())).toList();

        Map<String, Ramp> results = new LinkedHashMap<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            try (Service gw = lab.gateway()) {
                Clients clients = new Clients(vertx, 2, load.tokens());
                results.put("Switchboard device-gateway", ramp(new Target(gw, true, deviceLink(clients, gw)), load, tokens, warmUpTokens));
                clients.close();
            }
            Pause.millis(2000);
            try (Service sio = lab.socketIo()) {
                Clients clients = new Clients(vertx, 3, load.tokens());
                Dialer dialer = (token, onClose) -> SocketIoClient.connect(vertx, clients.next(), new WebSocketConnectOptions()
                        .setAbsoluteURI(sio.ws(SocketIoClient.PATH).toString()), token)
                        .onSuccess(s -> s.onClose(onClose))
                        .map(s -> () -> s.close());
                results.put("Socket.IO " + socketIoVersion(lab), ramp(new Target(sio, false, dialer), load, tokens, warmUpTokens));
                clients.close();
            }
            Pause.millis(2000);
            try (Service floor = lab.connectFloor()) {
                Clients clients = new Clients(vertx, 4, load.tokens());
                results.put(FLOOR, ramp(new Target(floor, true, deviceLink(clients, floor)), load, tokens, warmUpTokens));
                clients.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return new Result(load, results);
    }

    /** A machine's socket on {@code /devices/ws} with its token in the Authorization header (gateway and floor). */
    private static Dialer deviceLink(Clients clients, Service server) {
        String uri = server.ws("/devices/ws").toString();
        return (token, onClose) -> clients.next().connect(new WebSocketConnectOptions().setAbsoluteURI(uri)
                        .addHeader("Authorization", "Bearer " + token))
                .onSuccess(ws -> ws.exceptionHandler(t -> { }).closeHandler(v -> onClose.run()))
                .map(ws -> () -> ws.close());
    }

    /**
     * The load generator's clients for one server, each bound to its own loopback address (127.{@code net}.x.y), taken
     * in turn, so that no address holds more than {@link #PER_ADDRESS} sockets. With one address, each connect's
     * {@code bind(addr, 0)} searched a port range that filled up as the ramp went on (Linux tries one parity of the
     * range first): at 10k sockets and more the generator took a whole core and every server, the plain Vert.x floor
     * too, connected at the same falling rate. The step's log line gives the generator's kernel share.
     */
    private static final class Clients {
        static final int PER_ADDRESS = 1000;
        private final List<WebSocketClient> clients = new ArrayList<>();
        private final AtomicInteger turn = new AtomicInteger();

        Clients(Vertx vertx, int net, int sockets) {
            int n = sockets / PER_ADDRESS + 1 + WARM_UP_SETS;
            for (int i = 0; i < n; i++) {
                clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(30_000)
                        .setLocalAddress("127." + net + "." + (i / 250) + "." + (i % 250 + 1)).setConnectTimeout(20_000)));
            }
        }

        WebSocketClient next() {
            return clients.get(Math.floorMod(turn.getAndIncrement(), clients.size()));
        }

        void close() {
            clients.forEach(WebSocketClient::close);
        }
    }

    private static Ramp ramp(Target target, Load load, List<String> tokens, List<String> warmUpTokens) throws Exception {
        Service server = target.server();
        ProcStats stats = server.stats();
        List<Wave> warmUp = warmUp(target, load, warmUpTokens);
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
            long server0 = stats.cpuNanos();
            long generator0 = self.cpuNanos();
            long generatorKernel0 = self.cpuSplitNanos()[1];
            dial(target.dialer(), tokens.subList(connected, goal), ok, failed, dropped::incrementAndGet);
            long wall = System.nanoTime() - t0;
            double seconds = wall / 1e9;
            double serverCpu = 100.0 * (stats.cpuNanos() - server0) / wall;
            double generatorCpu = 100.0 * (self.cpuNanos() - generator0) / wall;
            LOG.log(System.Logger.Level.INFO, "{0}: load generator CPU {1}% while connecting, {2}% of it in the kernel",
                    server.name(), Math.round(generatorCpu), Math.round(100.0 * (self.cpuSplitNanos()[1] - generatorKernel0)
                            / Math.max(1, self.cpuNanos() - generator0)));
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
                    stats.threads(), cpu, dropped.get(), serverCpu, generatorCpu);
            LOG.log(System.Logger.Level.INFO, "{0}: {1}", server.name(), measured);
            out.add(measured);
            if (failed.get() > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} connects failed; the ramp stops here", server.name(), failed.get());
                break;
            }
        }
        return new Ramp(warmUp, rss0, heap0, out, target.jvm() && connected > 0
                ? perConnection(histogram0, stats.classHistogram(), connected) : List.of());
    }

    /**
     * Connects and closes waves of {@link Load#warmUpWave} sockets until the server runs compiled code: on 2 cores a
     * JVM's C2 compiler threads keep compiling the connect path for minutes (a perf profile of the gateway showed
     * them at 44% of its CPU after ten waves whose CPU per connect looked flat), and the load generator is cold too.
     * Settled: the server's CPU per connect of the last three waves within 5% of their mean, and, for a JVM, its
     * compiler threads under {@link CommandDriver#COMPILER_SETTLED} of its CPU in each of the last two. Both systems are warmed the
     * same way, so the ramp measures what a server does once it runs.
     */
    private static List<Wave> warmUp(Target target, Load load, List<String> tokens) throws Exception {
        ProcStats stats = target.server().stats();
        List<Wave> waves = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        long started = System.nanoTime();
        while (true) {
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long c0 = stats.cpuNanos();
            long jit0 = compilerNanos(stats);
            long t0 = System.nanoTime();
            int set = waves.size() % WARM_UP_SETS;
            List<Runnable> closers = dial(target.dialer(),
                    tokens.subList(set * load.warmUpWave(), (set + 1) * load.warmUpWave()), ok, failed, () -> { });
            double seconds = (System.nanoTime() - t0) / 1e9;
            closers.forEach(Runnable::run);
            Pause.millis(500); // the closes' work (presence cleared) belongs to the wave
            long used = stats.cpuNanos() - c0;
            double compilerShare = target.jvm() && used > 0 ? (double) (compilerNanos(stats) - jit0) / used : Double.NaN;
            Wave wave = new Wave(ok.get() / seconds, used / 1e3 / Math.max(1, ok.get()), compilerShare);
            waves.add(wave);
            cpu.add(wave.cpuMicrosPerConnect());
            double elapsed = (System.nanoTime() - started) / 1e9;
            LOG.log(System.Logger.Level.INFO, "{0}: warm-up wave {1}: {2} connects/s, {3} µs of server CPU per connect{4}{5}",
                    target.server().name(), waves.size(), Math.round(wave.connectsPerSecond()),
                    Math.round(wave.cpuMicrosPerConnect()),
                    Double.isNaN(compilerShare) ? "" : String.format(", JIT compiler %.0f%% of it", 100 * compilerShare),
                    failed.get() > 0 ? ", " + failed.get() + " failed" : "");
            if (elapsed >= load.warmUpMaxSeconds() || (elapsed >= load.warmUpMinSeconds() && settled(waves, cpu))) {
                return waves;
            }
        }
    }

    private static boolean settled(List<Wave> waves, List<Double> cpu) {
        return CommandDriver.settled(cpu) && CommandDriver.compiled(waves.stream().map(Wave::compilerShare).toList());
    }

    /** CPU so far of the process' JIT compiler threads (C1 and C2). */
    private static long compilerNanos(ProcStats stats) {
        return stats.cpuNanosByThreadKind().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Opens a connection per token, {@link #IN_FLIGHT} handshakes at a time; answers what closes those opened. */
    private static List<Runnable> dial(Dialer dialer, List<String> tokens, AtomicInteger ok, AtomicInteger failed,
                                       Runnable onClose) throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Runnable>> pending = new ArrayList<>();
        for (String token : tokens) {
            window.acquire();
            pending.add(dialer.dial(token, onClose).onComplete(ar -> {
                window.release();
                (ar.succeeded() ? ok : failed).incrementAndGet();
            }).toCompletionStage().toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, t) -> v).get(120, TimeUnit.SECONDS);
        List<Runnable> closers = new ArrayList<>();
        for (CompletableFuture<Runnable> f : pending) {
            if (!f.isCompletedExceptionally()) {
                closers.add(f.getNow(null));
            }
        }
        return closers;
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
