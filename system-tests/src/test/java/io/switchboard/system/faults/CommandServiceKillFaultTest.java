package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.FaultTest;
import io.switchboard.system.faults.platform.Http;
import io.switchboard.system.faults.platform.KafkaTopics;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A command-service replica killed with -9 while HTTP requests wait on slow machines: those callers lose
 * their connection, but the commands still complete (the replies are recorded by the shared reply
 * group) and are readable with {@code GET /api/commands/{id}} from the surviving replica.
 */
@Tag("faults")
@Order(4)
class CommandServiceKillFaultTest extends FaultTest {
    private static final String FAULT = "command-service kill -9";

    @Test
    void shouldCompleteCommandsWhoseWaitingReplicaDiedAndServeThemFromTheSurvivor() throws Exception {
        List<SimulatedDevice> devices = new ArrayList<>();
        List<CompletableFuture<Http.Reply>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SimulatedDevice d = platform.device(FaultPlatform.id("cskill-kiosk"), 3000);
            devices.add(d);
            waiting.add(platform.commands(0).send(d.deviceId(), "dispense", "{\"slow\":true}", 20_000, null));
        }
        Waits.until("commands reached the slow machines", Duration.ofSeconds(5),
                () -> devices.stream().allMatch(d -> d.received() == 1));
        platform.commandServices.get(0).kill9();
        long killedAt = System.nanoTime();
        for (CompletableFuture<Http.Reply> w : waiting) {
            assertThat(w.join().status()).as("the caller of the killed replica loses its connection").isZero();
        }

        for (SimulatedDevice d : devices) {
            List<String> ids = KafkaTopics.commandIds(d.deviceId());
            assertThat(ids).as("commands sent to " + d.deviceId()).hasSize(1);
            Http.Reply record = platform.commands(1).get(ids.get(0), 30_000);
            assertThat(record.status()).as("GET /api/commands/%s from the survivor: %s", ids.get(0), record).isEqualTo(200);
            assertThat(record.body().path("status").asText()).as("record %s", record).isEqualTo("succeeded");
            platform.recoveries.record(FAULT, "waiting command readable as succeeded from the survivor (ms after the kill)",
                    (System.nanoTime() - killedAt) / 1_000_000);
            assertThat(d.actions()).as("acted once").isEqualTo(1);
            assertThat(d.duplicates()).isZero();
            d.stop();
        }
    }
}
