package io.switchboard.system.support;

import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatedDevice;
import io.switchboard.sim.SimulatorConfig;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Tokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Two device-gateways and two command-services, started once per test JVM from their jars, against the
 * real test broker and Redis; plus a device simulator. Stopped by a shutdown hook.
 */
public final class Platform {
    private static Platform instance;

    public final List<ServiceProcess> gateways = new ArrayList<>();
    public final List<ServiceProcess> commandServices = new ArrayList<>();
    public final DeviceSimulator simulator;
    private final SimulatorConfig baseConfig;

    private Platform() throws Exception {
        Infra.ensureStarted();
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        List<ServiceProcess> all = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            ServiceProcess gw = ServiceProcess.start(root, "device-gateway", "gateway-" + i, ServiceProcess.env());
            gateways.add(gw);
            all.add(gw);
            ServiceProcess cs = ServiceProcess.start(root, "command-service", "command-service-" + i, ServiceProcess.env());
            commandServices.add(cs);
            all.add(cs);
        }
        for (ServiceProcess p : all) {
            p.awaitReady(Duration.ofSeconds(90));
        }
        baseConfig = new SimulatorConfig(URI.create(gateways.get(0).ws("/devices/ws")),
                id -> Tokens.of("device", id), 0, 0.0, 100, 2000);
        simulator = new DeviceSimulator(baseConfig);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    public static synchronized Platform get() throws Exception {
        if (instance == null) {
            instance = new Platform();
        }
        return instance;
    }

    /** A unique device id for one test. */
    public static String deviceId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Connects a simulated machine to gateway {@code gatewayIndex} and waits for its presence. */
    public SimulatedDevice connect(String deviceId, int gatewayIndex, long delayMs, double failureRate) throws Exception {
        SimulatorConfig config = baseConfig.withUri(URI.create(gateways.get(gatewayIndex).ws("/devices/ws")))
                .withDelayMs(delayMs).withFailureRate(failureRate);
        SimulatedDevice device = simulator.startAndAwait(deviceId, config, Duration.ofSeconds(20));
        Api api = operator(0);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/api/devices/" + deviceId).status() == 200);
        return device;
    }

    public Api operator(int commandServiceIndex) {
        return new Api(commandServices.get(commandServiceIndex).base(), Tokens.of("operator", "op-system-test"));
    }

    private void stop() {
        try {
            simulator.close();
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
        for (ServiceProcess p : concat()) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<ServiceProcess> concat() {
        List<ServiceProcess> all = new ArrayList<>(gateways);
        all.addAll(commandServices);
        return all;
    }
}
