package io.switchboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.SimulatedDevice;
import io.switchboard.system.support.Api;
import io.switchboard.system.support.Platform;
import io.switchboard.system.support.ServiceProcess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command flow of contract section 2 over real processes, Kafka and Redis. */
class DeviceCommandsSystemTest {
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
    }

    @Test
    void shouldAnswerWithTheDevicesResult() throws Exception {
        String id = Platform.deviceId("kiosk");
        SimulatedDevice device = platform.connect(id, 0, 20, 0.0);

        Api.Reply r = platform.operator(0).commandNow(id, "{\"method\":\"dispense\",\"params\":{\"bag\":7}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("succeeded");
        assertThat(r.body().path("deviceId").asText()).isEqualTo(id);
        assertThat(r.body().path("result").path("params").path("bag").asInt()).isEqualTo(7);
        assertThat(r.location()).endsWith("/api/commands/" + r.body().path("commandId").asText());
        assertThat(device.actions()).isEqualTo(1);
    }

    @Test
    void shouldReportFailedWithTheDevicesError() throws Exception {
        String id = Platform.deviceId("jammed");
        platform.connect(id, 1, 10, 1.0);

        Api.Reply r = platform.operator(1).commandNow(id, "{\"method\":\"dispense\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("failed");
        assertThat(r.body().path("error").path("code").asInt()).isEqualTo(1001);
        assertThat(r.body().path("error").path("message").asText()).isEqualTo("mechanism jammed");
    }

    @Test
    void shouldReturn409WhenDeviceOffline() {
        Api.Reply r = platform.operator(0).commandNow(Platform.deviceId("ghost"), "{\"method\":\"dispense\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().path("code").asText()).isEqualTo("device_offline");
    }

    @Test
    void shouldReturn504AndRecordTheLateReply() throws Exception {
        String id = Platform.deviceId("slow");
        platform.connect(id, 0, 4500, 0.0);

        // 3 s leaves room for a read delayed by a partition just moving between gateways (another test's gateway
        // frozen, joining or leaving their group): with 1 s a CI run saw the gateway read the command after its
        // deadline and rightly report it expired, unsent. The machine answers after 4.5 s, so the call still times out
        Api.Reply r = platform.operator(1).commandNow(id, "{\"method\":\"dispense\",\"timeoutMs\":3000}");

        assertThat(r.status()).isEqualTo(504);
        assertThat(r.body().path("code").asText()).isEqualTo("command_timeout");
        assertThat(r.body().path("commandStatus").asText()).isIn("sent", "delivered");
        String commandId = r.body().path("commandId").asText();
        assertThat(r.location()).endsWith("/api/commands/" + commandId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode record = platform.operator(0).get("/api/commands/" + commandId).body();
            assertThat(record.path("status").asText()).isEqualTo("succeeded");
            assertThat(record.path("late").asBoolean()).isTrue();
        });
    }

    @Test
    void shouldNotSendARetriedIdempotentCommandTwice() throws Exception {
        String id = Platform.deviceId("idem");
        SimulatedDevice device = platform.connect(id, 1, 400, 0.0);
        String body = "{\"method\":\"dispense\",\"params\":{\"bag\":1}}";
        Api first = platform.operator(0);
        Api second = platform.operator(1);

        CompletableFuture<Api.Reply> inFlight = first.command(id, body, "Idempotency-Key", "k-" + id);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received() == 1);
        assertThat(second.commandNow(id, body, "Idempotency-Key", "k-" + id).status()).as("retry in flight").isEqualTo(409);
        Api.Reply original = inFlight.join();
        Api.Reply retried = second.commandNow(id, body, "Idempotency-Key", "k-" + id);
        Api.Reply otherBody = second.commandNow(id, "{\"method\":\"dispense\",\"params\":{\"bag\":2}}", "Idempotency-Key", "k-" + id);

        assertThat(original.status()).isEqualTo(200);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().path("commandId").asText()).isEqualTo(original.body().path("commandId").asText());
        assertThat(retried.body().path("result")).isEqualTo(original.body().path("result"));
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(device.actions()).isEqualTo(1);
    }

    @Test
    void shouldAnswer409WhileTheFirstIdempotentCallIsInFlight() throws Exception {
        String id = Platform.deviceId("inflight");
        SimulatedDevice device = platform.connect(id, 0, 1500, 0.0);
        String body = "{\"method\":\"dispense\"}";

        CompletableFuture<Api.Reply> first = platform.operator(0).command(id, body, "Idempotency-Key", "f-" + id);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.received() == 1);
        Api.Reply retry = platform.operator(1).commandNow(id, body, "Idempotency-Key", "f-" + id);

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body().path("code").asText()).isEqualTo("idempotency_in_flight");
        assertThat(first.join().status()).isEqualTo(200);
        assertThat(device.actions()).isEqualTo(1);
    }

    @Test
    void shouldAnswer202AtOnceWithPreferRespondAsync() throws Exception {
        String id = Platform.deviceId("async");
        platform.connect(id, 1, 300, 0.0);

        Api.Reply r = platform.operator(0).commandNow(id, "{\"method\":\"dispense\"}", "Prefer", "respond-async");

        assertThat(r.status()).isEqualTo(202);
        String commandId = r.body().path("commandId").asText();
        assertThat(r.location()).endsWith("/api/commands/" + commandId);
        JsonNode ended = platform.operator(1).get("/api/commands/" + commandId + "?waitMs=5000").body();
        assertThat(ended.path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void shouldExpireACommandWhoseDeadlinePassedBeforeDelivery() throws Exception {
        String id = Platform.deviceId("frozen");
        SimulatedDevice device = platform.connect(id, 1, 0, 0.0);
        ServiceProcess gateway = platform.gateways.get(1);

        gateway.signal("STOP"); // the gateway stalls: the command waits in Kafka past its deadline
        Api.Reply r;
        try {
            r = platform.operator(0).commandNow(id, "{\"method\":\"dispense\",\"timeoutMs\":200}", "Prefer", "respond-async");
            Thread.sleep(600); // keep the gateway frozen past the deadline (fault injection, not a wait for state)
        } finally {
            gateway.signal("CONT");
        }

        String commandId = r.body().path("commandId").asText();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(platform.operator(1).get("/api/commands/" + commandId).body().path("status").asText())
                        .isEqualTo("expired"));
        assertThat(device.actions()).isZero();
    }
}
