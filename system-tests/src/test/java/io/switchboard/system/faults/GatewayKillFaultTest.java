package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.FaultTest;
import io.switchboard.system.faults.platform.Http;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A gateway killed with -9: its machines (behind the ingress) reconnect to the other gateway, take
 * over their presence there, and get commands within 2 s of the reconnect; commands that were in flight
 * on the dead gateway end with their last known state, and no machine acts on one twice.
 */
@Tag("faults")
@Order(3)
class GatewayKillFaultTest extends FaultTest {
    private static final String FAULT = "gateway kill -9";

    @Test
    void shouldMoveDevicesToTheOtherGatewayAndEndInFlightCommandsWithTheirLastKnownState() throws Exception {
        List<SimulatedDevice> moved = new ArrayList<>();
        List<SimulatedDevice> all = new ArrayList<>();
        for (int i = 0; moved.size() < 3 && i < 12; i++) {
            SimulatedDevice d = platform.device(FaultPlatform.id("gwkill-kiosk"), 1500);
            all.add(d);
            if ("gateway-1".equals(platform.gatewayOf(d.deviceId()))) {
                moved.add(d);
            }
        }
        assertThat(moved).as("machines the ingress put on gateway-1").hasSize(3);

        // one command in flight per machine: delivered, the machine is still working on it (1.5 s)
        List<CompletableFuture<Http.Reply>> inFlight = new ArrayList<>();
        for (SimulatedDevice d : moved) {
            inFlight.add(platform.commands(0).send(d.deviceId(), "dispense", "{}", 3000, null));
        }
        Waits.until("in-flight commands reached the machines", Duration.ofSeconds(5),
                () -> moved.stream().allMatch(d -> d.received() == 1));
        platform.gateways.get(0).kill9();
        long killedAt = System.nanoTime();

        Map<String, Long> reconnectedAt = new ConcurrentHashMap<>();
        Waits.until("every machine present on gateway-2", Duration.ofSeconds(10), () -> {
            for (SimulatedDevice d : moved) {
                if (!reconnectedAt.containsKey(d.deviceId()) && "gateway-2".equals(platform.gatewayOf(d.deviceId()))) {
                    reconnectedAt.put(d.deviceId(), System.nanoTime());
                }
            }
            return reconnectedAt.size() == moved.size();
        });
        reconnectedAt.values().forEach(t -> platform.recoveries.record(FAULT,
                "machine present on the other gateway (ms after the kill)", (t - killedAt) / 1_000_000));
        List<CompletableFuture<Http.Reply>> after = new ArrayList<>();
        for (SimulatedDevice d : moved) {
            after.add(platform.commands(1).send(d.deviceId(), "dispense", "{\"after\":\"reconnect\"}", 5000, null));
        }
        Map<String, Long> reachedAt = new ConcurrentHashMap<>();
        Waits.until("commands reach the moved machines", Duration.ofSeconds(5), () -> {
            moved.stream().filter(d -> d.received() >= 2).forEach(d -> reachedAt.putIfAbsent(d.deviceId(), System.nanoTime()));
            return reachedAt.size() == moved.size();
        });
        for (SimulatedDevice d : moved) {
            long millis = (reachedAt.get(d.deviceId()) - reconnectedAt.get(d.deviceId())) / 1_000_000;
            platform.recoveries.record(FAULT, "command reaches the machine (ms after its reconnect)", millis);
            assertThat(millis).as("%s got a command within 2 s of its reconnect", d.deviceId()).isLessThanOrEqualTo(2000);
        }
        for (CompletableFuture<Http.Reply> f : after) {
            assertThat(f.join().status()).as("command after the reconnect: %s", f.join()).isEqualTo(200);
        }

        for (CompletableFuture<Http.Reply> f : inFlight) {
            Http.Reply r = f.join();
            assertThat(r.status()).as("in-flight command: %s", r).isIn(200, 504);
            if (r.status() == 504) {
                assertThat(r.body().path("commandStatus").asText()).as("last known state of %s", r).isIn("sent", "delivered");
            }
        }
        // the in-flight command and the one after the reconnect: each carried out once, never redelivered
        await("no machine acts twice").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> moved.stream().allMatch(d -> d.actions() == 2 && d.duplicates() == 0));
        all.forEach(SimulatedDevice::stop);
    }
}
