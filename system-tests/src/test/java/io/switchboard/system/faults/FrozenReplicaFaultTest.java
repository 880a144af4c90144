package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.FaultTest;
import io.switchboard.system.faults.platform.Http;
import io.switchboard.system.faults.platform.NotifySubscriber;
import io.switchboard.system.faults.platform.Outage;
import io.switchboard.system.faults.platform.ServiceNode;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A replica frozen with SIGSTOP for longer than its timeouts, then resumed with SIGCONT: clients of the
 * other replica lose nothing and get nothing twice, during the freeze and after it.
 */
@Tag("faults")
@Order(7)
class FrozenReplicaFaultTest extends FaultTest {
    private static final String FAULT = "replica frozen (SIGSTOP)";

    @Test
    void shouldDeliverEveryEventOnceToSocketsOfTheOtherNotifyReplicaWhileOneIsFrozen() throws Exception {
        String shop = FaultPlatform.id("frozen-shop");
        NotifySubscriber onFrozen = platform.subscriber(0, shop, false);
        NotifySubscriber onLive = platform.subscriber(1, shop, false);
        ServiceNode frozen = platform.notifyServices.get(0);
        List<String> produced = new ArrayList<>();
        frozen.freeze();
        long frozenAt = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            String kafkaId = shop + "-kafka-" + i;
            platform.kafka.produceEvent(kafkaId, "shop:" + shop, "order.placed", "{}").join();
            produced.add(kafkaId);
            String httpId = shop + "-http-" + i;
            Http.Reply r = platform.postEvent(1, httpId, "shop:" + shop, "order.placed", "{}");
            assertThat(r.status()).as("POST /api/events on the live replica: %s", r).isEqualTo(202);
            produced.add(httpId);
        }
        // past the consumer group's session timeout (6 s): the frozen replica's partitions move
        Waits.until("every event on the live replica's socket", Duration.ofSeconds(30),
                () -> onLive.ids().containsAll(produced));
        platform.recoveries.record(FAULT, "notify: all events on the live replica's socket (ms after the freeze)",
                (System.nanoTime() - frozenAt) / 1_000_000);
        Outage.hold(Duration.ofSeconds(Math.max(0, 15 - (System.nanoTime() - frozenAt) / 1_000_000_000)));
        frozen.thaw();
        Waits.until("the resumed replica is ready", Duration.ofSeconds(30), () -> frozen.readiness().up());
        Waits.until("every event on the resumed replica's socket", Duration.ofSeconds(30),
                () -> onFrozen.ids().containsAll(produced));
        await("nothing twice, on either replica").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> onLive.ids().size() == produced.size() && onFrozen.ids().size() == produced.size());
        assertThat(onLive.closes()).as("the live replica's socket stayed open").isEmpty();
        onFrozen.close();
        onLive.close();
    }

    @Test
    void shouldServeDevicesOfTheOtherGatewayWhileOneIsFrozenAndNotDeliverStaleCommandsAfter() throws Exception {
        SimulatedDevice onFrozen = platform.deviceOn(0, FaultPlatform.id("frozen-kiosk"), 0);
        SimulatedDevice onLive = platform.deviceOn(1, FaultPlatform.id("live-kiosk"), 0);
        ServiceNode frozen = platform.gateways.get(0);
        frozen.freeze();
        List<CompletableFuture<Http.Reply>> stale = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stale.add(platform.commands(i % 2).send(onFrozen.deviceId(), "dispense", "{}", 1500, null));
        }
        for (int i = 0; i < 6; i++) {
            Http.Reply r = platform.commands(i % 2).sendNow(onLive.deviceId(), "{\"n\":" + i + "}", 3000);
            assertThat(r.status()).as("command to a machine on the live gateway: %s", r).isEqualTo(200);
        }
        for (CompletableFuture<Http.Reply> f : stale) {
            assertThat(f.join().status()).as("command to the frozen gateway's machine: %s", f.join()).isEqualTo(504);
        }
        Outage.hold(Duration.ofSeconds(3)); // frozen past every stale command's deadline
        frozen.thaw();
        Waits.until("the resumed gateway is ready", Duration.ofSeconds(30), () -> frozen.readiness().up());
        await("stale commands are not delivered after the freeze").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5)).until(() -> onFrozen.received() == 0);
        assertThat(onLive.actions()).as("each command carried out once").isEqualTo(6);
        assertThat(onLive.duplicates()).isZero();
        onFrozen.stop();
        onLive.stop();
    }
}
