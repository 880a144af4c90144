package io.switchboard.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.faults.platform.FaultPlatform;
import io.switchboard.system.faults.platform.FaultTest;
import io.switchboard.system.faults.platform.Http;
import io.switchboard.system.faults.platform.ServiceNode;
import io.switchboard.system.faults.platform.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A job (docs/jobs.md) whose driving command-service replica is killed with -9 mid-rollout: the other replica takes
 * the job's lease over and finishes it; every machine is started exactly once, none is dropped.
 */
@Tag("faults")
@Order(9)
class JobsFaultTest extends FaultTest {
    private static final String FAULT = "command-service kill -9 mid-job";

    @Test
    void shouldFinishAJobWhoseDrivingReplicaDiedStartingEveryMachineOnce() throws Exception {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(platform.device(FaultPlatform.id("job-kiosk"), 0));
        }
        String ids = devices.stream().map(d -> "\"" + d.deviceId() + "\"").collect(Collectors.joining(","));
        // two machines a second: the rollout takes about 3.5 s, the kill lands in the middle of it
        Http.Reply created = platform.commands(0).createJob("{\"method\":\"dispense\",\"timeoutMs\":20000,"
                + "\"ratePerMinute\":120,\"targets\":{\"devices\":[" + ids + "]}}");
        assertThat(created.status()).as("job: %s", created).isEqualTo(201);
        String jobId = created.body().path("jobId").asText();

        Waits.until("the job started two machines", Duration.ofSeconds(10), () -> {
            Http.Reply job = platform.commands(1).job(jobId);
            return job.body().path("counts").path("pending").asInt(8) <= 6;
        });
        ServiceNode driver = platform.commandServices.stream()
                .filter(n -> !n.logLines("[job " + jobId + "] driven by this replica").isEmpty())
                .reduce((first, second) -> second).orElseThrow();
        ServiceNode survivor = platform.commandServices.stream().filter(n -> n != driver).findFirst().orElseThrow();
        Http.Reply before = platform.commands(platform.commandServices.indexOf(survivor)).job(jobId);
        assertThat(before.body().path("counts").path("pending").asInt()).as("killed mid-rollout: %s", before).isPositive();
        driver.kill9();
        long killedAt = System.nanoTime();

        int survivorIndex = platform.commandServices.indexOf(survivor);
        Waits.until("the job completed on the survivor", Duration.ofSeconds(60),
                () -> "completed".equals(platform.commands(survivorIndex).job(jobId).body().path("status").asText()));
        platform.recoveries.record(FAULT, "job completed by the surviving replica (ms after the kill)",
                (System.nanoTime() - killedAt) / 1_000_000);
        Http.Reply done = platform.commands(survivorIndex).job(jobId);
        assertThat(done.body().path("counts").path("succeeded").asInt()).as("%s", done).isEqualTo(8);
        assertThat(survivor.logLines("[job " + jobId + "] driven by this replica")).as("the survivor took the lease").isNotEmpty();
        for (SimulatedDevice d : devices) {
            assertThat(d.received()).as("%s started once", d.deviceId()).isEqualTo(1);
            assertThat(d.duplicates()).isZero();
            d.stop();
        }
    }
}
