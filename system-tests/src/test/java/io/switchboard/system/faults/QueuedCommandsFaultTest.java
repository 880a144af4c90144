package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.FaultTest;
import io.switchboard.system.faults.platform.Http;
import io.switchboard.system.faults.platform.Outage;
import io.switchboard.system.faults.platform.ServiceNode;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Commands that wait for an offline machine (docs/commands.md) under faults: the queue survives kill -9 of every
 * service, of Redis (restarted on its append-only file) and of the broker; a gateway killed while it delivers a
 * queue writes nothing twice, and the gateway the machine comes back to delivers the rest.
 */
@Tag("faults")
@Order(8)
class QueuedCommandsFaultTest extends FaultTest {
    private static final long TTL = 600_000;

    @Test
    void shouldDeliverAQueueThatOutlivedEveryServiceRedisAndTheBrokerInOrderAndNeverTheCancelledCommand()
            throws Exception {
        String deviceId = FaultPlatform.id("queued-kiosk");
        List<String> kept = new ArrayList<>();
        String cancelled = null;
        for (int i = 0; i < 4; i++) {
            Http.Reply r = platform.commands(i % 2).queue(deviceId, "{\"n\":" + i + "}", 10_000, TTL);
            assertThat(r.status()).as("queued: %s", r).isEqualTo(202);
            assertThat(r.body().path("status").asText()).isEqualTo("queued");
            if (i == 2) {
                cancelled = r.body().path("commandId").asText();
            } else {
                kept.add(r.body().path("commandId").asText());
            }
        }
        Http.Reply cancel = platform.commands(1).cancel(cancelled);
        assertThat(cancel.status()).as("cancel: %s", cancel).isEqualTo(200);

        Outage.hold(Duration.ofMillis(1500)); // Redis's append-only file is written every second (appendfsync everysec)
        for (ServiceNode n : platform.services()) {
            n.kill9();
        }
        platform.infra.killRedis();
        platform.infra.killKafka();
        platform.heal(); // Redis from its file, the broker on its data, every service started again

        for (String id : kept) {
            assertThat(platform.commands(0).get(id, 0).body().path("status").asText())
                    .as("%s after the restarts", id).isEqualTo("queued");
        }
        SimulatedDevice device = platform.device(deviceId, 0);
        List<Integer> actions = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Http.Reply record = platform.commands(i % 2).get(kept.get(i), 15_000);
            assertThat(record.body().path("status").asText()).as("%s", record).isEqualTo("succeeded");
            actions.add(record.body().path("result").path("action").asInt());
        }
        assertThat(actions).as("carried out in the order they were queued").isSorted().doesNotHaveDuplicates();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> device.received() == kept.size());
        assertThat(device.duplicates()).isZero();
        assertThat(platform.commands(0).get(cancelled, 0).body().path("status").asText()).isEqualTo("cancelled");
        device.stop();
    }

    @Test
    void shouldWriteNothingTwiceWhenTheGatewayDeliveringAQueueIsKilled() throws Exception {
        String deviceId = FaultPlatform.id("queued-slow-kiosk");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Http.Reply r = platform.commands(i % 2).queue(deviceId, "{\"n\":" + i + "}", 4_000, TTL);
            assertThat(r.status()).as("queued: %s", r).isEqualTo(202);
            ids.add(r.body().path("commandId").asText());
        }
        SimulatedDevice device = platform.device(deviceId, 2_500); // acts slowly: the gateway dies mid-queue
        Waits.until("the first queued command reached the machine", Duration.ofSeconds(10), () -> device.received() >= 1);
        String holder = platform.gatewayOf(deviceId);
        ServiceNode gateway = platform.gateways.stream().filter(g -> g.name.equals(holder)).findFirst().orElseThrow();
        gateway.kill9();
        int writtenBefore = device.received();

        List<String> ends = new ArrayList<>();
        for (String id : ids) {
            Http.Reply record = platform.commands(0).get(id, 20_000);
            ends.add(record.body().path("status").asText());
        }
        assertThat(ends).as("every queued command ended (written before the kill: %d)", writtenBefore)
                .allMatch(s -> s.equals("succeeded") || s.equals("timed_out"));
        assertThat(ends.subList(writtenBefore, ends.size())).as("those written after the kill, by the other gateway")
                .allMatch("succeeded"::equals);
        assertThat(device.received()).as("each written once").isEqualTo(ids.size());
        assertThat(device.duplicates()).isZero();
        device.stop();
    }
}
