package io.switchboard.system.faults.platform;

import io.switchboard.qrsim.QrSimulator;
import io.switchboard.qrsim.QrSimulatorConfig;
import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatedDevice;
import io.switchboard.sim.SimulatorConfig;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Ports;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The system under fault, started once per test JVM and shared by the fault tests: the fault profile's
 * own Kafka and Redis, two device-gateways behind a {@link DeviceIngress}, two command-services, two
 * notify-services and one auth-callback-service, each a process from its packaged jar on a fixed port below
 * 32768, plus the simulated QR third party (in this JVM, port 25132), simulated machines and the clients. A test that kills or
 * freezes something calls {@link #heal()} after itself, so the next one starts from a whole system.
 */
public final class FaultPlatform {
    private static final System.Logger LOG = System.getLogger(FaultPlatform.class.getName());
    private static final String WEBHOOK_SECRET = "whsec_ZmF1bHQtcGxhdGZvcm0tc2VjcmV0LTAxMjM0NTY3";
    private static FaultPlatform instance;
    /** Replica n listens on its base + n (infra/profiles.env); the device ingress on the gateways' base. */
    private static final int GATEWAY_PORT_BASE = Ports.port("FAULT_GATEWAY_PORT_BASE");
    private static final int COMMAND_PORT_BASE = Ports.port("FAULT_COMMAND_PORT_BASE");
    private static final int NOTIFY_PORT_BASE = Ports.port("FAULT_NOTIFY_PORT_BASE");

    public final Path root;
    public final FaultInfra infra;
    public final List<ServiceNode> gateways = new ArrayList<>();
    public final List<ServiceNode> commandServices = new ArrayList<>();
    public final List<ServiceNode> notifyServices = new ArrayList<>();
    public final ServiceNode auth;
    public final DeviceIngress ingress;
    public final DeviceSimulator simulator;
    public final QrSimulator qrSimulator;
    public final KafkaTopics kafka;
    public final Recoveries recoveries;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    private final WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(3000));
    private final SimulatorConfig deviceConfig;
    private final String serviceToken = Tokens.of("service", "faults-upstream");

    private FaultPlatform() throws Exception {
        root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        Path run = root.resolve("system-tests/target/faults");
        Files.createDirectories(run);
        Files.createDirectories(root.resolve(".run"));
        recoveries = new Recoveries(run);
        infra = new FaultInfra(root);
        for (int i = 1; i <= 2; i++) {
            gateways.add(node(run, "device-gateway", "gateway-" + i, GATEWAY_PORT_BASE + i, List.of(), "GATEWAY_INSTANCE_ID", "gateway-" + i + "-{start}"));
            commandServices.add(node(run, "command-service", "command-service-" + i, COMMAND_PORT_BASE + i, List.of()));
            notifyServices.add(node(run, "notify-service", "notify-service-" + i, NOTIFY_PORT_BASE + i,
                    consumerTimeouts("notify-events")));
        }
        qrSimulator = QrSimulator.start(new QrSimulatorConfig(25132, "http://127.0.0.1:25131/api/callbacks/qr-grants",
                WEBHOOK_SECRET, null, Duration.ofMinutes(10)));
        auth = node(run, "auth-callback-service", "auth-callback-service-1", 25131, List.of(),
                "QR_THIRD_PARTY_URL", qrSimulator.url(),
                "QR_WEBHOOK_SECRETS", WEBHOOK_SECRET, "QR_COOKIE_SECURE", "false", "QR_RATE_LIMIT_LOGINS", "1000000",
                "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                root.resolve("test-support/src/main/resources/switchboard-test/privateKey.pem").toString());
        for (ServiceNode n : services()) {
            n.killLeftover();
        }
        long start = System.nanoTime();
        infra.startFresh();
        for (ServiceNode n : services()) {
            n.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        awaitAllReady(Duration.ofSeconds(180));
        awaitSettledGroups(Duration.ofSeconds(60));
        LOG.log(System.Logger.Level.INFO, "fault platform up in {0} ms", (System.nanoTime() - start) / 1_000_000);
        ingress = new DeviceIngress(vertx, GATEWAY_PORT_BASE, gateways);
        deviceConfig = new SimulatorConfig(URI.create(ingress.url()), id -> Tokens.of("device", id), 0, 0.0, 100, 1000);
        simulator = new DeviceSimulator(deviceConfig);
        kafka = new KafkaTopics();
    }

    public static synchronized FaultPlatform get() throws Exception {
        if (instance == null) {
            instance = new FaultPlatform();
        }
        return instance;
    }

    /** A unique id for one test's device, channel or user. */
    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public List<ServiceNode> services() {
        List<ServiceNode> all = new ArrayList<>(gateways);
        all.addAll(commandServices);
        all.addAll(notifyServices);
        if (auth != null) {
            all.add(auth);
        }
        return all;
    }

    /** A simulated machine connected through the ingress, answering after {@code delayMs}; waits for its presence. */
    public SimulatedDevice device(String deviceId, long delayMs) throws InterruptedException {
        return connect(deviceId, deviceConfig.withDelayMs(delayMs));
    }

    /** A simulated machine connected straight to gateway {@code index} (no ingress: it reconnects only there). */
    public SimulatedDevice deviceOn(int index, String deviceId, long delayMs) throws InterruptedException {
        return connect(deviceId, deviceConfig.withDelayMs(delayMs).withUri(URI.create(gateways.get(index).ws("/devices/ws"))));
    }

    private SimulatedDevice connect(String deviceId, SimulatorConfig config) throws InterruptedException {
        SimulatedDevice device = simulator.startAndAwait(deviceId, config, Duration.ofSeconds(20));
        Waits.until("presence of " + deviceId, Duration.ofSeconds(10),
                () -> commands(0).presence(deviceId).status() == 200);
        return device;
    }

    /** Which gateway (by name, e.g. {@code gateway-2}) holds {@code deviceId} now, or null. */
    public String gatewayOf(String deviceId) {
        Http.Reply r = commands(0).presence(deviceId);
        return r.status() == 200 ? r.body().path("gateway").asText().replaceAll("-\\d+$", "") : null;
    }

    public Commands commands(int index) {
        return new Commands(commandServices.get(index));
    }

    public QrLogins qr() {
        return new QrLogins(auth, WEBHOOK_SECRET);
    }

    /** A merchant of {@code shop} on notify replica {@code index}, subscribed to {@code shop:<shop>}. */
    public NotifySubscriber subscriber(int index, String shop, boolean repairGaps) {
        return subscriber(index, shop, repairGaps, null, null);
    }

    /** The same, resuming with {@code since} and {@code epoch} (null: from now). */
    public NotifySubscriber subscriber(int index, String shop, boolean repairGaps, Long since, String epoch) {
        String token = Tokens.of("merchant", "merchant-" + shop, Map.of("shop", shop));
        NotifySubscriber s = new NotifySubscriber(vertx, wsClient, notifyServices.get(index).ws("/notifications/ws"),
                token, "shop:" + shop, repairGaps);
        s.start(since, epoch).orTimeout(15, TimeUnit.SECONDS).join();
        return s;
    }

    /** {@code POST /api/events} on notify replica {@code index} (role service). */
    public Http.Reply postEvent(int index, String id, String channel, String type, String dataJson) {
        return postEventAsync(index, id, channel, type, dataJson).join();
    }

    public CompletableFuture<Http.Reply> postEventAsync(int index, String id, String channel, String type, String dataJson) {
        String body = "{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"type\":\"" + type + "\",\"data\":" + dataJson + "}";
        return Http.post(notifyServices.get(index).base() + "/api/events", body, Duration.ofSeconds(10),
                "Authorization", "Bearer " + serviceToken);
    }

    /**
     * Puts the system back together after a test: Kafka and Redis listening, every replica running
     * (thawed, or started again on its port), and every one ready.
     */
    public void heal() throws IOException {
        if (!infra.redisListening()) {
            infra.restartRedis();
        }
        if (!infra.kafkaListening()) {
            infra.restartKafka();
        }
        for (ServiceNode n : services()) {
            n.thaw();
            if (!n.alive()) {
                n.start();
            }
        }
        awaitAllReady(Duration.ofSeconds(120));
        awaitSettledGroups(Duration.ofSeconds(60));
    }

    /**
     * Waits until every consumer group of the replicas is stable, one member per replica, each reading a part
     * of its topic, and the same assignment for a second: "ready" means a replica reads at least one partition,
     * not that the group is done moving them, and a command written to a partition that is moving to a replica
     * about to be frozen waits for that replica (a test freezing it right after a restart would see a timeout
     * that is the previous test's, not its own).
     */
    public void awaitSettledGroups(Duration timeout) {
        try (Admin admin = KafkaTopics.admin()) {
            awaitSettled(admin, "device-gateway", "device.commands", gateways.size(), timeout);
            awaitSettled(admin, "command-service", "device.replies", commandServices.size(), timeout);
            awaitSettled(admin, "notify-service", "notify.events", notifyServices.size(), timeout);
        }
    }

    private static void awaitSettled(Admin admin, String group, String topic, int members, Duration timeout) {
        var state = new Object() {
            Map<String, Set<Integer>> seen;
            long since;
        };
        Waits.until("consumer group " + group + " settled on " + topic, timeout, () -> {
            Map<String, Set<Integer>> now = KafkaTopics.settledAssignment(admin, group, topic, members);
            if (now == null || !now.equals(state.seen)) {
                state.seen = now;
                state.since = System.nanoTime();
                return false;
            }
            return System.nanoTime() - state.since >= 1_000_000_000L;
        });
    }

    public void awaitAllReady(Duration timeout) {
        for (ServiceNode n : services()) {
            n.awaitReady(timeout);
        }
    }

    private ServiceNode node(Path run, String module, String name, int port, List<String> jvmArgs, String... kv) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", FaultInfra.KAFKA,
                "QUARKUS_REDIS_HOSTS", FaultInfra.REDIS,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                root.resolve("test-support/src/main/resources/switchboard-test/publicKey.pem").toString(),
                "MP_JWT_VERIFY_ISSUER", Tokens.ISSUER));
        for (int i = 0; i + 1 < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return new ServiceNode(root, module, name, port, env, jvmArgs, run);
    }

    /**
     * A shared consumer group notices a dead or frozen member after {@code session.timeout.ms}: notify's
     * group ships with Kafka's default 45 s; here it gets the 6 s command-service's reply group ships with,
     * so the frozen replica's partitions move to the survivor within the test's time.
     */
    private static List<String> consumerTimeouts(String channel) {
        String prefix = "-Dmp.messaging.incoming." + channel + ".";
        return List.of(prefix + "session.timeout.ms=6000", prefix + "heartbeat.interval.ms=2000");
    }

    private void stop() {
        try {
            simulator.close();
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
        services().parallelStream().forEach(n -> {
            try {
                n.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            qrSimulator.close();
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
        infra.stop();
    }
}
