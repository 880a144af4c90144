package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Commands that wait for an offline machine (docs/commands.md), through the real services: queued on one
 * command-service replica, cancelled on the other, delivered in order by the gateway the machine connects to,
 * answered and recorded; the cancelled one never reaches the machine.
 */
class QueuedCommandsSystemTest {
    private static final String QUEUE = "\"delivery\":{\"whenOffline\":\"queue\",\"ttlMs\":600000}";
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    @Test
    void shouldDeliverQueuedCommandsInOrderWhenTheMachineConnectsAndNeverTheCancelledOne() throws Exception {
        String id = Platform.deviceId("queued");
        String first = queue(0, id, "{\"method\":\"dispense\",\"params\":{\"bag\":1}," + QUEUE + "}");
        String cancelled = queue(1, id, "{\"method\":\"dispense\",\"params\":{\"bag\":2}," + QUEUE + "}");
        String last = queue(0, id, "{\"method\":\"dispense\",\"params\":{\"bag\":3}," + QUEUE + "}");

        Api.Reply cancel = platform.operator(1).delete("/api/commands/" + cancelled);
        assertThat(cancel.status()).as("DELETE of a queued command: %s", cancel).isEqualTo(200);
        assertThat(cancel.body().path("status").asText()).isEqualTo("cancelled");
        Api.Reply again = platform.operator(0).delete("/api/commands/" + cancelled);
        assertThat(again.status()).as("a second DELETE: %s", again).isEqualTo(409);
        assertThat(again.body().path("code").asText()).isEqualTo("command_not_queued");

        SimulatedDevice device = platform.connect(id, 1, 0, 0.0);
        Api.Reply one = settled(1, first);
        Api.Reply three = settled(0, last);
        assertThat(one.body().path("status").asText()).as("%s", one).isEqualTo("succeeded");
        assertThat(three.body().path("status").asText()).as("%s", three).isEqualTo("succeeded");
        assertThat(one.body().path("result").path("params").path("bag").asInt()).isEqualTo(1);
        assertThat(three.body().path("result").path("params").path("bag").asInt()).isEqualTo(3);
        assertThat(one.body().path("result").path("action").asInt())
                .as("carried out in the order they were queued").isLessThan(three.body().path("result").path("action").asInt());
        assertThat(Instant.parse(one.body().path("deliveredAt").asText()))
                .isBeforeOrEqualTo(Instant.parse(three.body().path("deliveredAt").asText()));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> device.received() == 2);
        assertThat(device.actions()).isEqualTo(2);
        assertThat(device.duplicates()).isZero();
        assertThat(platform.operator(0).get("/api/commands/" + cancelled).body().path("status").asText())
                .isEqualTo("cancelled");
        device.stop();
    }

    @Test
    void shouldExpireAQueuedCommandWhoseWaitEndedBeforeTheMachineCame() throws Exception {
        String id = Platform.deviceId("queued-ttl");
        String expired = queue(0, id, "{\"method\":\"dispense\",\"delivery\":{\"whenOffline\":\"queue\",\"ttlMs\":1000}}");
        Api.Reply gone = await().atMost(Duration.ofSeconds(10)).until(() -> platform.operator(1).get("/api/commands/" + expired),
                r -> "expired".equals(r.body().path("status").asText()));
        assertThat(gone.body().path("reason").asText()).as("%s", gone).isEqualTo("ttl_passed");

        SimulatedDevice device = platform.connect(id, 0, 0, 0.0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> device.received() == 0);
        device.stop();
    }

    private static String queue(int replica, String deviceId, String body) {
        Api.Reply r = platform.operator(replica).commandNow(deviceId, body);
        assertThat(r.status()).as("queued command: %s", r).isEqualTo(202);
        assertThat(r.body().path("status").asText()).isEqualTo("queued");
        assertThat(r.location()).endsWith("/api/commands/" + r.body().path("commandId").asText());
        return r.body().path("commandId").asText();
    }

    private static Api.Reply settled(int replica, String commandId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> platform.operator(replica).get("/api/commands/" + commandId),
                r -> r.status() == 200 && isTerminal(r.body().path("status").asText()));
    }

    private static boolean isTerminal(String status) {
        return switch (status) {
            case "succeeded", "failed", "timed_out", "expired", "cancelled" -> true;
            default -> false;
        };
    }
}
