package io.switchboard.bench;

import io.switchboard.bench.proc.OtlpSink;
import io.switchboard.bench.proc.Service;
import io.switchboard.bench.report.ReportWriter;
import io.switchboard.qrsim.QrSimulator;
import io.switchboard.qrsim.QrSimulatorConfig;
import io.switchboard.sim.DevJwt;
import io.switchboard.testsupport.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Everything the scenarios share: the mode, the report, the keys, the bench infrastructure
 * ({@code scripts/infra.sh start bench}: Kafka on 39092, Redis on 36379) and how to start each system
 * under test as its own process, on the fixed ports of {@code infra/profiles.env} (BENCH_*): device-gateway
 * 38081, command-service 38082, auth-callback-service 38083 (its QR third party, qr-simulator, in this JVM on
 * 38085), notify-service 38084, Socket.IO 38090, the spin-map baseline 38095 and the sleep-and-poll baseline 38096.
 */
public final class Lab {
    static final String ISSUER = "https://switchboard.local/issuer";
    /**
     * The same JVM settings for every JVM under test: the collector and heap-sizing flags the services' container
     * image starts them with (ubi9/openjdk-17-runtime's run-java.sh: ParallelGC, heap free ratios 10 to 20,
     * GCTimeRatio 4, AdaptiveSizePolicyWeight 90), with a fixed -Xms64m -Xmx1g in place of its MaxRAMPercentage=80
     * (no container memory limit here). Until 2026-12-03 the suite ran G1, which the deployment does not: in the
     * fan-out scenario at 10,000 sockets G1's concurrent refinement threads took 17 to 22% of the server's CPU, in
     * notify-service and in the plain Vert.x floor alike (docs/benchmarks/README.md, fan-out).
     */
    static final List<String> JVM = List.of("-Xms64m", "-Xmx1g", "-XX:+UseParallelGC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4", "-XX:AdaptiveSizePolicyWeight=90");
    static final String KAFKA = Ports.BENCH.kafka();
    static final int REDIS_PORT = Ports.BENCH.redisPort();
    /** The fixed ports of the systems under test (infra/profiles.env, BENCH_*). */
    static final int GATEWAY_PORT = Ports.port("BENCH_GATEWAY_PORT");
    static final int COMMAND_PORT = Ports.port("BENCH_COMMAND_PORT");
    static final int AUTH_PORT = Ports.port("BENCH_AUTH_PORT");
    static final int NOTIFY_PORT = Ports.port("BENCH_NOTIFY_PORT");
    static final int QR_SIMULATOR_PORT = Ports.port("BENCH_QR_SIMULATOR_PORT");
    static final int SOCKETIO_PORT = Ports.port("BENCH_SOCKETIO_PORT");
    static final int SPIN_MAP_PORT = Ports.port("BENCH_SPIN_MAP_PORT");
    static final int SLEEP_POLL_PORT = Ports.port("BENCH_SLEEP_POLL_PORT");
    static final int FANOUT_FLOOR_PORT = Ports.port("BENCH_FANOUT_FLOOR_PORT");
    static final int CONNECT_FLOOR_PORT = Ports.port("BENCH_CONNECT_FLOOR_PORT");

    final Path root;
    final boolean quick;
    final ReportWriter report;
    final Path logs;
    final Path privateKey;
    final Path publicKey;
    final DevJwt jwt;
    final String webhookSecret = "whsec_" + Base64.getEncoder().encodeToString("switchboard-bench-secret-0123".getBytes(StandardCharsets.UTF_8));

    Lab(Path root, boolean quick, ReportWriter report) throws IOException, GeneralSecurityException {
        this.root = root;
        this.quick = quick;
        this.report = report;
        this.logs = root.resolve(".run/bench/logs");
        Path keys = root.resolve("test-support/src/main/resources/switchboard-test");
        this.privateKey = keys.resolve("privateKey.pem");
        this.publicKey = keys.resolve("publicKey.pem");
        this.jwt = DevJwt.fromPemFile(privateKey, ISSUER);
    }

    /** A fresh shop channel, with a token of its merchant (subscribes) and of an order system (posts events). */
    record Shop(String channel, String merchant, String service) { }

    /** A shop no earlier run used, for the fan-out scenarios. */
    Shop newShop() {
        String shop = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff);
        return new Shop("shop:" + shop, token("merchant-" + shop, List.of("merchant"), Map.of("shop", shop)),
                token("bench-orders", List.of("service"), Map.of()));
    }

    String token(String sub, Collection<String> groups, Map<String, Object> extra) {
        return jwt.mint(sub, groups, Duration.ofHours(3), extra);
    }

    // ---- systems under test -------------------------------------------------------------------

    private Service quarkus(String module, int port, Map<String, String> extra, List<String> extraJvm) {
        return quarkus(module, extraJvm.isEmpty() ? module : module + "-extra-jvm", port, extra, extraJvm); // its own log
    }

    /** {@code module}'s packaged jar on {@code port}, logging to {@code <name>.log}. */
    private Service quarkus(String module, String name, int port, Map<String, String> extra, List<String> extraJvm) {
        Map<String, String> env = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA, "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + REDIS_PORT,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(),
                "QUARKUS_LOG_CATEGORY__IO_SWITCHBOARD__LEVEL", "WARN"));
        env.putAll(tracing());
        env.putAll(extra);
        List<String> jvm = new java.util.ArrayList<>(jvm(name));
        jvm.addAll(extraJvm);
        // run from the jar's folder, as the image does: an AppCDS archive records the class path relative to it
        return Service.start(name, Service.java(jvm, "quarkus-run.jar", null), appDir(module), env,
                URI.create("http://127.0.0.1:" + port), "/q/health/ready", logs);
    }

    private OtlpSink otlpSink;
    /** Tracing for the services started from now on: null means as {@code BENCH_OTEL} says. */
    private volatile Boolean tracingOverride;

    /** Services started from now on run with tracing on or off, whatever {@code BENCH_OTEL} says (the tracing scenario). */
    void tracing(boolean on) {
        tracingOverride = on;
    }

    /** Back to what {@code BENCH_OTEL} says. */
    void tracingAsConfigured() {
        tracingOverride = null;
    }

    /** The sink services export to with tracing on; started on first use. */
    synchronized OtlpSink otlpSink() {
        if (otlpSink == null) {
            try {
                otlpSink = new OtlpSink();
            } catch (IOException e) {
                throw new IllegalStateException("the OTLP sink did not start", e);
            }
            OtlpSink sink = otlpSink;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.getLogger(Lab.class.getName()).log(System.Logger.Level.INFO, "tracing on: the sink received " + sink.summary());
                sink.close();
            }));
        }
        return otlpSink;
    }

    /**
     * With {@code BENCH_OTEL=1} (or {@link #tracing(boolean)} on): the environment that turns tracing on in a service
     * (an OTLP endpoint, docs/observability.md), every span sampled and exported by OTLP/HTTP to an
     * {@link OtlpSink} in this JVM, to measure what tracing costs. Without it, nothing: the services run as deployed
     * by default, tracing off.
     */
    private Map<String, String> tracing() {
        Boolean override = tracingOverride;
        boolean on = override != null ? override : "1".equals(System.getenv("BENCH_OTEL"));
        if (!on) {
            return Map.of();
        }
        return Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlpSink().endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
    }

    /** The folder a service's packaged jar is in ({@code <module>/target/quarkus-app}), with its AppCDS archive when built. */
    Path appDir(String module) {
        return root.resolve(module + "/target/quarkus-app");
    }

    /** One of the four services by module name, its JVM given {@code extraJvm} after {@link #JVM}. */
    Service service(String module, List<String> extraJvm) {
        return switch (module) {
            case "device-gateway" -> gateway(extraJvm);
            case "command-service" -> quarkus(module, COMMAND_PORT, Map.of(), extraJvm);
            case "auth-callback-service" -> authService(extraJvm);
            case "notify-service" -> notifyService(extraJvm);
            default -> throw new IllegalArgumentException("not a service: " + module);
        };
    }

    Service gateway() {
        return gateway(List.of());
    }

    private Service gateway(List<String> extraJvm) {
        return quarkus("device-gateway", GATEWAY_PORT, Map.of(), extraJvm);
    }

    /**
     * Replica {@code n} (0, 1, ...) of device-gateway or command-service, on its bench port + 100 n (38081, 38181, ...;
     * 38082, 38182, ...), logging to {@code <module>-<n>.log}; for the scenarios that run several of one service.
     */
    Service replica(String module, int n) {
        int base = switch (module) {
            case "device-gateway" -> GATEWAY_PORT;
            case "command-service" -> COMMAND_PORT;
            default -> throw new IllegalArgumentException("no replicas of " + module);
        };
        return quarkus(module, module + "-" + n, base + 100 * n, Map.of(), List.of());
    }

    Service commandService() {
        return quarkus("command-service", COMMAND_PORT, Map.of(), List.of());
    }

    Service notifyService() {
        return notifyService(List.of());
    }

    private Service notifyService(List<String> extraJvm) {
        // The fan-out run opens up to 10,000 sockets with one merchant's token (one shop's screens); the
        // per-user cap (default 20) is raised so the run measures fan-out, not the cap. Each socket still
        // takes and refreshes its lease in Redis, so that cost is in the figures.
        return quarkus("notify-service", NOTIFY_PORT, Map.of("NOTIFY_ALLOWED_ORIGINS", "http://127.0.0.1:" + NOTIFY_PORT,
                "NOTIFY_LIMITS_CONNECTIONS_PER_USER", "20000"), extraJvm);
    }

    private QrSimulator qrSimulator;

    Service authService() {
        return authService(List.of());
    }

    private Service authService(List<String> extraJvm) {
        if (qrSimulator == null) {
            qrSimulator = QrSimulator.start(new QrSimulatorConfig(QR_SIMULATOR_PORT,
                    "http://127.0.0.1:" + AUTH_PORT + "/api/callbacks/qr-grants", webhookSecret, null, Duration.ofMinutes(10)));
            Runtime.getRuntime().addShutdownHook(new Thread(qrSimulator::close));
        }
        return quarkus("auth-callback-service", AUTH_PORT, Map.of("QR_THIRD_PARTY_URL", qrSimulator.url(),
                "QR_WEBHOOK_SECRETS", webhookSecret,
                "QR_COOKIE_SECURE", "false", "SMALLRYE_JWT_SIGN_KEY_LOCATION", privateKey.toString(), "QR_RATE_LIMIT_LOGINS", "1000000", "QR_WAITING_MAX_WAITERS", "20000"), extraJvm);
    }

    Service socketIo() {
        List<String> cmd = List.of("node", "--expose-gc", root.resolve("benchmarks/socketio/server.js").toString(),
                "--port", Integer.toString(SOCKETIO_PORT), "--public-key", publicKey.toString());
        return Service.start("socketio", cmd, Map.of(), URI.create("http://127.0.0.1:" + SOCKETIO_PORT), "/stats", logs);
    }

    Service spinMap() {
        return Service.start("spin-map", Service.java(jvm("spin-map"), System.getProperty("java.class.path"),
                "io.switchboard.bench.baseline.SpinMapCommandServer", "--port", Integer.toString(SPIN_MAP_PORT)), Map.of(),
                URI.create("http://127.0.0.1:" + SPIN_MAP_PORT), "/stats", logs);
    }

    /** The fan-out scenario's JVM floor: plain Vert.x writing one prebuilt frame to every socket (floor.FanOutFloorServer). */
    Service fanOutFloor() {
        return Service.start("fanout-floor", Service.java(jvm("fanout-floor"), System.getProperty("java.class.path"),
                "io.switchboard.bench.floor.FanOutFloorServer", "--port", Integer.toString(FANOUT_FLOOR_PORT)), Map.of(),
                URI.create("http://127.0.0.1:" + FANOUT_FLOOR_PORT), "/stats", logs);
    }

    /**
     * The idle scenario's JVM floor: plain Vert.x upgrading {@code /devices/ws} after the Socket.IO peer's token check
     * (RS256 with the JDK), a session in a map, nothing else (floor.VertxFloorServer with {@code --public-key}).
     */
    Service connectFloor() {
        return Service.start("connect-floor", Service.java(jvm("connect-floor"), System.getProperty("java.class.path"),
                "io.switchboard.bench.floor.VertxFloorServer", "--port", Integer.toString(CONNECT_FLOOR_PORT),
                "--mode", "request-clear", "--public-key", publicKey.toString(), "--issuer", ISSUER), Map.of(),
                URI.create("http://127.0.0.1:" + CONNECT_FLOOR_PORT), "/ready", logs);
    }

    Service sleepPoll() {
        return Service.start("sleep-poll", Service.java(jvm("sleep-poll"), System.getProperty("java.class.path"),
                "io.switchboard.bench.baseline.SleepPollQrServer", "--port", Integer.toString(SLEEP_POLL_PORT), "--redis",
                "redis://127.0.0.1:" + REDIS_PORT), Map.of(), URI.create("http://127.0.0.1:" + SLEEP_POLL_PORT), "/stats", logs);
    }

    /**
     * The JVM options of a server under test: {@link #JVM}, plus a Java Flight Recording of the whole run
     * into {@code .run/bench/logs/<name>.jfr} when the environment sets {@code BENCH_JFR=1} (for the
     * profiles the report cites; not on by default, as recording costs a little CPU), plus
     * {@code -XX:+PreserveFramePointer} when it sets {@code BENCH_PERF=1}, so that Linux {@code perf} can walk Java
     * stacks (with {@code jcmd <pid> Compiler.perfmap} for the names; the recipe is in docs/benchmarks/README.md).
     * JFR's sampler falls behind on a loaded 2-core machine; perf samples at a fixed rate, the kernel included.
     */
    private List<String> jvm(String name) {
        List<String> opts = new java.util.ArrayList<>(JVM);
        if ("1".equals(System.getenv("BENCH_JFR"))) {
            opts.add("-XX:StartFlightRecording=settings=profile,filename=" + logs.resolve(name + ".jfr"));
        }
        if ("1".equals(System.getenv("BENCH_PERF"))) {
            opts.add("-XX:+PreserveFramePointer");
        }
        return opts;
    }

    /** A Standard Webhooks signature header value for {@link #webhookSecret}. */
    String signWebhook(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(webhookSecret.substring(6)), "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The machine and software the figures come from, for the report's head. */
    String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown"
        }
        long memGiB = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 30;
        return String.format("%d cores (%s), %d GiB RAM, %s %s, JDK %s, Node %s", Runtime.getRuntime().availableProcessors(),
                cpu, memGiB, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), command("node", "--version"));
    }

    static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }
}
