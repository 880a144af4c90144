package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.sim.SimulatorConfig;
import io.switchboard.system.support.Platform;
import io.switchboard.system.support.ServiceProcess;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.Tokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A gateway stopped with SIGTERM closes its device sockets with 1012 so machines reconnect elsewhere. */
class GracefulShutdownSystemTest {
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    @Test
    void shouldCloseDeviceSocketsWith1012OnShutdownAndClearPresence() throws Exception {
        Path root = Path.of(System.getProperty("switchboard.root", Infra.projectRoot().toString()));
        String id = Platform.deviceId("drain");
        SimulatedDevice device;
        try (ServiceProcess gateway = ServiceProcess.start(root, "device-gateway", "gateway-draining", ServiceProcess.env())) {
            gateway.awaitReady(Duration.ofSeconds(90));
            device = platform.simulator.startAndAwait(id, new SimulatorConfig(URI.create(gateway.ws("/devices/ws")),
                    dev -> Tokens.of("device", dev), 0, 0.0, 100, 1000), Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> platform.operator(0).get("/api/devices/" + id).status() == 200);
        } // SIGTERM, and wait for the process to end

        assertThat(device.lastCloseCode()).isEqualTo(1012);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(platform.operator(1).get("/api/devices/" + id).status()).isEqualTo(404));
        device.stop();
    }
}
