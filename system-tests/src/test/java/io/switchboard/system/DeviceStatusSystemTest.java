package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a machine last said (docs/commands.md): a status notification on the device link, through a real gateway and
 * Kafka device.events into command-service's record in Redis, answered by either command-service replica while the
 * machine is connected and after it left.
 */
class DeviceStatusSystemTest {
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    @Test
    void shouldAnswerTheLastReportedStatusWhileConnectedAndAfterTheMachineLeft() throws Exception {
        String id = Platform.deviceId("status");
        SimulatedDevice device = platform.connect(id, 1, 0, 0.0);

        device.notify("status", Map.of("bags", 12, "door", "closed"));
        device.notify("status", Map.of("bags", 11, "door", "closed"));
        Api.Reply online = await().atMost(Duration.ofSeconds(15)).until(() -> platform.operator(0).get("/api/devices/" + id),
                r -> r.status() == 200 && r.body().path("reportedStatus").path("bags").asInt() == 11);
        assertThat(online.body().path("connected").asBoolean()).isTrue();
        assertThat(online.body().path("gateway").asText()).isNotBlank();
        Instant reportedAt = Instant.parse(online.body().path("reportedAt").asText());

        device.stop();
        Api.Reply offline = await().atMost(Duration.ofSeconds(15)).until(() -> platform.operator(1).get("/api/devices/" + id),
                r -> r.status() == 404 && r.body().has("lastSeen")
                        && Instant.parse(r.body().path("lastSeen").asText()).isAfter(reportedAt));
        assertThat(offline.contentType()).startsWith("application/problem+json");
        assertThat(offline.body().path("code").asText()).isEqualTo("device_offline");
        assertThat(offline.body().path("connected").asBoolean(true)).isFalse();
        assertThat(offline.body().path("reportedStatus").path("bags").asInt()).isEqualTo(11);
        assertThat(offline.body().path("reportedStatus").path("door").asText()).isEqualTo("closed");
        assertThat(Instant.parse(offline.body().path("reportedAt").asText())).isEqualTo(reportedAt);
    }
}
