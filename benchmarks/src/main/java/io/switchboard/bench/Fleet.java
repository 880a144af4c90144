package io.switchboard.bench;

import io.switchboard.bench.proc.Service;
import io.switchboard.sim.DeviceSimulator;
import io.switchboard.sim.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Simulated machines {@code bench-m0..} spread over several gateways: machine i on gateway i mod G, each connected
 * before the next starts. A {@link DeviceSimulator}'s WebSocket client keeps Vert.x' default of at most 50
 * connections to one host and port (a 51st connect waits for a free one), so every 50 machines get a simulator
 * of their own.
 */
final class Fleet implements AutoCloseable {
    static final int PER_SIMULATOR = 50;

    private final List<DeviceSimulator> simulators = new ArrayList<>();

    private Fleet() {
    }

    static Fleet connect(Lab lab, List<Service> gateways, int devices) throws InterruptedException {
        SimulatorConfig config = new SimulatorConfig(gateways.get(0).ws("/devices/ws"), id -> lab.token(id, List.of("device"), Map.of()),
                0, 0.0, 200, 5000);
        Fleet fleet = new Fleet();
        try {
            for (int i = 0; i < devices; i++) {
                if (i % PER_SIMULATOR == 0) {
                    fleet.simulators.add(new DeviceSimulator(config));
                }
                Service gateway = gateways.get(i % gateways.size());
                fleet.simulators.get(i / PER_SIMULATOR).startAndAwait(CommandDriver.device(i),
                        config.withUri(gateway.ws("/devices/ws")), Duration.ofSeconds(20));
            }
        } catch (RuntimeException | InterruptedException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    @Override
    public void close() {
        simulators.forEach(DeviceSimulator::close);
    }
}
