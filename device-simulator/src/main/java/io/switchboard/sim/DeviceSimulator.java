package io.switchboard.sim;

import io.switchboard.device.DeviceClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fleet of simulated machines, each a {@link DeviceClient} of the Java device SDK (clients/java-device) on one
 * shared Vert.x with two event loops and one WebSocket client. Run it as a program (see {@link #main}) or use it from tests:
 * {@code try (var sim = new DeviceSimulator(config)) { var d = sim.start("kiosk-1"); ... }}.
 */
public final class DeviceSimulator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeviceSimulator.class.getName());
    /** The SDK logs each connect at INFO, right for one kiosk, noise for a thousand machines: WARNING unless configured. */
    private static final Logger SDK_LOG = Logger.getLogger("io.switchboard.device");

    static {
        if (SDK_LOG.getLevel() == null) {
            SDK_LOG.setLevel(Level.WARNING);
        }
    }

    private final Vertx vertx;
    private final WebSocketClient client;
    private final SimulatorConfig config;
    private final List<SimulatedDevice> devices = new ArrayList<>();

    public DeviceSimulator(SimulatorConfig config) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        this.client = vertx.createWebSocketClient(DeviceClient.clientOptions());
        this.config = config;
    }

    /** Starts one machine with this simulator's configuration. */
    public SimulatedDevice start(String deviceId) {
        return start(deviceId, config);
    }

    /** Starts one machine with its own configuration (same gateway client). */
    public synchronized SimulatedDevice start(String deviceId, SimulatorConfig own) {
        SimulatedDevice device = new SimulatedDevice(vertx, client, own, deviceId);
        devices.add(device);
        device.start();
        return device;
    }

    /** Starts a machine and waits until its socket is open. */
    public SimulatedDevice startAndAwait(String deviceId, SimulatorConfig own, Duration timeout) throws InterruptedException {
        CountDownLatch open = new CountDownLatch(1);
        SimulatedDevice device = new SimulatedDevice(vertx, client, own, deviceId);
        device.onConnect(d -> open.countDown());
        synchronized (this) {
            devices.add(device);
        }
        device.start();
        if (!open.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("device " + deviceId + " did not connect within " + timeout);
        }
        return device;
    }

    @Override
    public void close() {
        synchronized (this) {
            devices.forEach(SimulatedDevice::stop);
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * {@code java -jar device-simulator-all.jar --url ws://127.0.0.1:8081/devices/ws --devices 3
     * --prefix kiosk- --delay-ms 200 --failure-rate 0.1 --key .run/keys/privateKey.pem}
     */
    public static void main(String[] args) throws Exception {
        SimulatorOptions.Parsed parsed = SimulatorOptions.parse(args, System.out, System.err);
        if (parsed instanceof SimulatorOptions.Parsed.Exit exit) {
            System.exit(exit.status());
            return;
        }
        Map<String, String> opts = ((SimulatorOptions.Parsed.Run) parsed).values();
        DevJwt jwt = DevJwt.fromPemFile(Path.of(opts.get("--key")), opts.get("--issuer"));
        SimulatorConfig config = new SimulatorConfig(URI.create(opts.get("--url")),
                id -> jwt.mint(id, List.of("device"), Duration.ofHours(12), Map.of()),
                Long.parseLong(opts.get("--delay-ms")), Double.parseDouble(opts.get("--failure-rate")), 250, 30_000);
        DeviceSimulator sim = new DeviceSimulator(config);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        int n = Integer.parseInt(opts.get("--devices"));
        List<SimulatedDevice> started = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            started.add(sim.start(opts.get("--prefix") + i));
        }
        LOG.info(() -> "simulating " + n + " machines against " + config.uri());
        long every = Long.parseLong(opts.get("--status-interval-s")) * 1000;
        sim.vertx.setPeriodic(every, t -> started.forEach(d ->
                d.notify("status", Map.of("bagsLeft", 100 - d.actions() % 100, "actions", d.actions()))));
        Thread.currentThread().join();
    }
}
