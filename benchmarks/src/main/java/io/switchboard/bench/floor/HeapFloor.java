package io.switchboard.bench.floor;

import io.switchboard.bench.proc.Pause;
import io.switchboard.bench.proc.ProcStats;
import io.switchboard.bench.proc.Service;
import io.switchboard.sim.DevJwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Issue 13, target 1: the heap one idle device socket costs on each layer (the real device-gateway, plain
 * Vert.x, raw Netty). Starts the server as its own JVM ({@code -Xms64m -Xmx1g -XX:+UseG1GC}, as the suite),
 * opens and closes a warm-up of sockets, reads heap after a full GC, the class histogram and RSS at 0 sockets,
 * then opens {@code --sockets} idle sockets (bearer token in {@code Authorization}, as devices send it, each a
 * distinct device id) and reads them again. Prints one summary line and the top classes per socket, and writes
 * {@code <out>/<label>.txt} (summary and the histogram difference, every class over 1 byte per socket).
 * <pre>
 * java -cp benchmarks/target/benchmarks-all.jar io.switchboard.bench.floor.HeapFloor \
 *     --server gateway|vertx-request|vertx-handler|vertx-request-clear|netty-protocol|netty-manual \
 *     [--sockets 10000] [--warmup 200] [--label NAME] [--out .run/floor] [--env KEY=VALUE]...
 * </pre>
 * Run from the repository root. {@code gateway} runs {@code device-gateway/target/quarkus-app/quarkus-run.jar}
 * against the test infrastructure (Kafka 127.0.0.1:29092, Redis 127.0.0.1:26379; override with
 * {@code --kafka}, {@code --redis}) in its own consumer group; each {@code --env} is added to its environment
 * (runtime settings, e.g. {@code QUARKUS_MICROMETER_BINDER_HTTP_SERVER_IGNORE_PATTERNS=/devices/ws}).
 */
public final class HeapFloor {
    private static final System.Logger LOG = System.getLogger(HeapFloor.class.getName());
    private static final String ISSUER = "https://switchboard.local/issuer";
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx1g", "-XX:+UseG1GC");
    private static final int IN_FLIGHT = 128;

    private HeapFloor() {
    }

    public static void main(String[] args) throws Exception {
        String server = FloorSession.arg(args, "--server", "vertx-request");
        int sockets = Integer.parseInt(FloorSession.arg(args, "--sockets", "10000"));
        int warmup = Integer.parseInt(FloorSession.arg(args, "--warmup", "200"));
        String label = FloorSession.arg(args, "--label", server);
        Path out = Path.of(FloorSession.arg(args, "--out", ".run/floor"));
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--env")) {
                String kv = args[i + 1];
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path keys = root.resolve("test-support/src/main/resources/switchboard-test");
        DevJwt jwt = DevJwt.fromPemFile(keys.resolve("privateKey.pem"), ISSUER);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<String> tokens = IntStream.range(0, warmup + sockets).parallel()
                .mapToObj(i -> jwt.mint("floor-" + run + "-" + i, List.of("device"), Duration.ofHours(3), Map.of())).toList();
        LOG.log(System.Logger.Level.INFO, "{0}: {1} tokens, {2} bytes each", label, tokens.size(), tokens.get(0).length());

        int port = freePort();
        Files.createDirectories(out);
        try (Service s = start(server, port, env, root, keys, out, label, args)) {
            ProcStats stats = s.stats();
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(30_000).setConnectTimeout(20_000).setLocalAddress("127.0.0.2"));
            URI uri = URI.create("ws://127.0.0.1:" + port + "/devices/ws");
            AtomicInteger dropped = new AtomicInteger();
            try {
                List<WebSocket> warm = dial(client, uri, tokens, 0, warmup, new AtomicInteger());
                Pause.millis(1000);
                for (WebSocket ws : warm) {
                    ws.close();
                }
                Pause.millis(3000);
                long heap0 = stats.heapAfterGcBytes();
                Map<String, long[]> histo0 = stats.classHistogram();
                long rss0 = stats.rssBytes();
                long t0 = System.nanoTime();
                List<WebSocket> open = dial(client, uri, tokens, warmup, warmup + sockets, dropped);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Pause.millis(5000); // the server's own work after the open (presence, events)
                long heap1 = stats.heapAfterGcBytes();
                Map<String, long[]> histo1 = stats.classHistogram();
                long rss1 = stats.rssBytes();
                int n = open.size() - dropped.get();
                report(label, server, env, n, sockets, seconds, heap0, heap1, rss0, rss1, histo0, histo1, out);
                for (WebSocket ws : open) {
                    ws.close();
                }
                Pause.millis(2000);
            } finally {
                client.close();
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Service start(String server, int port, Map<String, String> env, Path root, Path keys, Path logs,
                                 String label, String[] args) {
        String cp = System.getProperty("java.class.path");
        URI base = URI.create("http://127.0.0.1:" + port);
        return switch (server) {
            case "gateway" -> {
                Map<String, String> e = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                        "KAFKA_BOOTSTRAP_SERVERS", FloorSession.arg(args, "--kafka", "127.0.0.1:29092"),
                        "QUARKUS_REDIS_HOSTS", "redis://" + FloorSession.arg(args, "--redis", "127.0.0.1:26379"),
                        "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("publicKey.pem").toString(),
                        "MP_MESSAGING_INCOMING_DEVICE_COMMANDS_GROUP_ID", "heap-floor-" + port,
                        "QUARKUS_LOG_CATEGORY__IO_SWITCHBOARD__LEVEL", "WARN"));
                e.putAll(env);
                Path app = root.resolve(FloorSession.arg(args, "--app", "device-gateway/target/quarkus-app"));
                yield Service.start(label, Service.java(JVM, "quarkus-run.jar", null), app, e, base, "/q/health/ready", logs);
            }
            case "vertx-request", "vertx-handler", "vertx-request-clear" -> Service.start(label, Service.java(JVM, cp,
                    VertxFloorServer.class.getName(), "--port", Integer.toString(port), "--mode",
                    server.substring("vertx-".length())), env, base, "/ready", logs);
            case "netty-protocol", "netty-manual" -> Service.start(label, Service.java(JVM, cp,
                    NettyFloorServer.class.getName(), "--port", Integer.toString(port), "--mode",
                    server.substring("netty-".length())), env, base, "/ready", logs);
            default -> throw new IllegalArgumentException("unknown --server " + server);
        };
    }

    /** Opens sockets {@code from} to {@code to - 1}, {@link #IN_FLIGHT} handshakes at a time; answers those open. */
    private static List<WebSocket> dial(WebSocketClient client, URI uri, List<String> tokens, int from, int to,
                                        AtomicInteger dropped) throws InterruptedException {
        Semaphore window = new Semaphore(IN_FLIGHT);
        ConcurrentLinkedQueue<WebSocket> open = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        for (int i = from; i < to; i++) {
            window.acquire();
            Future<WebSocket> f = client.connect(new WebSocketConnectOptions().setAbsoluteURI(uri.toString())
                    .addHeader("Authorization", "Bearer " + tokens.get(i)));
            f.onComplete(ar -> {
                window.release();
                if (ar.succeeded()) {
                    ar.result().exceptionHandler(t -> { }).closeHandler(v -> dropped.incrementAndGet());
                    open.add(ar.result());
                } else if (failed.incrementAndGet() <= 3) {
                    LOG.log(System.Logger.Level.WARNING, "connect failed: {0}", String.valueOf(ar.cause()));
                }
            });
        }
        window.acquire(IN_FLIGHT);
        window.release(IN_FLIGHT);
        if (failed.get() > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} connects failed", failed.get());
        }
        return new ArrayList<>(open);
    }

    private static void report(String label, String server, Map<String, String> env, int n, int asked, double seconds,
                               long heap0, long heap1, long rss0, long rss1, Map<String, long[]> h0,
                               Map<String, long[]> h1, Path out) throws IOException {
        List<Map.Entry<String, long[]>> diff = new ArrayList<>();
        for (var e : h1.entrySet()) {
            long[] b = h0.getOrDefault(e.getKey(), new long[2]);
            diff.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        diff.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        long histoTotal = diff.stream().mapToLong(e -> e.getValue()[1]).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s (%s%s): %d sockets open of %d (%.0f connects/s); heap after GC %.1f -> %.1f MiB: "
                        + "%.2f KiB/socket (histogram %.2f KiB/socket); RSS %.0f -> %.0f MiB: %.2f KiB/socket%n",
                label, server, env.isEmpty() ? "" : " " + env, n, asked, n / seconds, heap0 / 1048576.0, heap1 / 1048576.0,
                (heap1 - heap0) / 1024.0 / n, histoTotal / 1024.0 / n, rss0 / 1048576.0, rss1 / 1048576.0,
                (rss1 - rss0) / 1024.0 / n));
        sb.append("bytes/socket  instances/socket  class\n");
        for (var e : diff) {
            double bytes = (double) e.getValue()[1] / n;
            if (Math.abs(bytes) >= 1) {
                sb.append(String.format(Locale.ROOT, "%10.1f  %8.2f  %s%n", bytes, (double) e.getValue()[0] / n, e.getKey()));
            }
        }
        Files.writeString(out.resolve(label + ".txt"), sb);
        String[] lines = sb.toString().split("\n");
        LOG.log(System.Logger.Level.INFO, "{0} (whole histogram in {1}):\n{2}", label, out.resolve(label + ".txt"),
                String.join("\n", java.util.Arrays.copyOf(lines, Math.min(lines.length, 22))));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
