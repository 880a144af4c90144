package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job (docs/jobs.md) through the real services, two gateways and two command-service replicas: machines on both
 * gateways carry it out, a machine offline during the rollout gets it from the queue when it connects, and the job,
 * read from either replica, completes with every machine's outcome.
 */
class JobsSystemTest {
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    @Test
    void shouldCarryAJobOutOnEveryMachineIncludingOneThatWasOfflineDuringTheRollout() throws Exception {
        List<SimulatedDevice> online = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            online.add(platform.connect(Platform.deviceId("job"), i % 2, 0, 0.0));
        }
        String late = Platform.deviceId("job-late");
        StringBuilder ids = new StringBuilder();
        online.forEach(d -> ids.append('"').append(d.deviceId()).append("\","));
        ids.append('"').append(late).append('"');
        Api.Reply created = platform.operator(0).post("/api/jobs", "{\"method\":\"dispense\",\"params\":{\"bags\":1},"
                + "\"ratePerMinute\":6000,\"delivery\":{\"whenOffline\":\"queue\",\"ttlMs\":600000},"
                + "\"targets\":{\"devices\":[" + ids + "]}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String jobId = created.body().path("jobId").asText();

        Api.Reply waiting = await().atMost(Duration.ofSeconds(20)).until(() -> platform.operator(1).get("/api/jobs/" + jobId),
                r -> r.body().path("counts").path("succeeded").asInt() == 3);
        assertThat(waiting.body().path("counts").path("queued").asInt()).isEqualTo(1);
        assertThat(waiting.body().path("status").asText()).isEqualTo("running");

        SimulatedDevice comesLate = platform.connect(late, 1, 0, 0.0);
        Api.Reply done = await().atMost(Duration.ofSeconds(20)).until(() -> platform.operator(0).get("/api/jobs/" + jobId),
                r -> "completed".equals(r.body().path("status").asText()));
        assertThat(done.body().path("counts").path("succeeded").asInt()).isEqualTo(4);
        for (JsonNode m : done.body().path("machines").path("items")) {
            assertThat(m.path("status").asText()).as("%s", m).isEqualTo("succeeded");
            Api.Reply command = platform.operator(1).get("/api/commands/" + m.path("commandId").asText());
            assertThat(command.body().path("result").path("params").path("bags").asInt()).isEqualTo(1);
        }
        online.add(comesLate);
        for (SimulatedDevice d : online) {
            assertThat(d.actions()).as("%s acted once", d.deviceId()).isEqualTo(1);
            assertThat(d.duplicates()).isZero();
            d.stop();
        }
    }
}
