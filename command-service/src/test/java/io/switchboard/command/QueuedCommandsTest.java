package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static io.switchboard.testsupport.ContractSchemas.validAgainst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.switchboard.command.support.CommandsTopic;
import io.switchboard.command.support.Devices;
import io.switchboard.common.wire.DeliveryKeys;
import io.switchboard.common.wire.QueuedCommand;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicWriter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Commands that wait for an offline machine (issue 16, part 1), command-service's side, over the real Redis and Kafka:
 * queued with the machine's presence checked in the same script, bounded, cancellable, expired unsent when the wait
 * ends, and recorded through a gateway's reports once delivered. The gateway's side: device-gateway QueuedDeliveryTest.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class QueuedCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final String OPERATOR = Tokens.of("operator", "op-queue");

    @Inject
    RedisDataSource redis;

    @Test
    void shouldQueueACommandForAnOfflineMachineAndAnswer202() throws Exception {
        String deviceId = offline();
        Response r = post(deviceId, "{\"method\":\"dispense\",\"params\":{\"bag\":3},\"timeoutMs\":5000,"
                + "\"delivery\":{\"whenOffline\":\"queue\",\"ttlMs\":600000}}");

        assertThat(r.statusCode()).isEqualTo(202);
        String commandId = r.jsonPath().getString("commandId");
        assertThat(r.header("Location")).endsWith("/api/commands/" + commandId);
        assertThat(r.jsonPath().getString("status")).isEqualTo("queued");
        Instant queuedUntil = Instant.parse(r.jsonPath().getString("queuedUntil"));
        assertThat(queuedUntil).isEqualTo(Instant.parse(r.jsonPath().getString("createdAt")).plusSeconds(600));
        assertThat(Instant.parse(r.jsonPath().getString("deadline"))).isEqualTo(queuedUntil);

        List<String> queue = redis.list(String.class).lrange(QueuedCommand.key(deviceId), 0, -1);
        assertThat(queue).hasSize(1);
        QueuedCommand entry = JSON.readValue(queue.get(0), QueuedCommand.class);
        assertThat(entry.commandId()).isEqualTo(commandId);
        assertThat(entry.timeoutMs()).isEqualTo(5000);
        assertThat(entry.params().path("bag").asInt()).isEqualTo(3);
        assertThat(entry.queuedUntil()).isEqualTo(queuedUntil);
        assertThat(redis.key().pttl(QueuedCommand.key(deviceId))).isGreaterThan(600_000);
        assertThat(record(commandId).getString("status")).isEqualTo("queued");
    }

    @Test
    void shouldSendAtOnceWhenTheMachineIsConnected() {
        String deviceId = Devices.online(redis);
        try (KafkaConsumer<String, String> commands = CommandsTopic.fromNow()) {
            Response r = given().auth().oauth2(OPERATOR).contentType("application/json").header("Prefer", "respond-async")
                    .body("{\"method\":\"dispense\",\"delivery\":{\"whenOffline\":\"queue\"}}")
                    .post("/api/devices/" + deviceId + "/commands");

            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.jsonPath().getString("status")).isEqualTo("sent");
            assertThat(r.jsonPath().getString("queuedUntil")).isNull();
            CommandsTopic.find(commands, r.jsonPath().getString("commandId"));
            assertThat(redis.key().exists(QueuedCommand.key(deviceId))).isFalse();
        }
    }

    @Test
    void shouldRefuseOneMoreThanTheQueueHolds() {
        String deviceId = offline();
        for (int i = 0; i < 100; i++) { // commands.queue.max-per-device
            redis.list(String.class).rpush(QueuedCommand.key(deviceId), "{\"commandId\":\"filler-" + i + "\"}");
        }
        Response r = post(deviceId, "{\"method\":\"dispense\",\"delivery\":{\"whenOffline\":\"queue\"}}");

        assertThat(r.statusCode()).isEqualTo(409);
        r.then().contentType("application/problem+json").body(validAgainst("problem.json"));
        assertThat(r.jsonPath().getString("code")).isEqualTo("device_queue_full");
        assertThat(r.jsonPath().getInt("maxQueued")).isEqualTo(100);
        assertThat(redis.list(String.class).llen(QueuedCommand.key(deviceId))).isEqualTo(100);
    }

    @Test
    void shouldCancelAQueuedCommandSoNoGatewayEverWritesIt() {
        String deviceId = offline();
        String commandId = post(deviceId, "{\"method\":\"dispense\",\"delivery\":{\"whenOffline\":\"queue\"}}").jsonPath().getString("commandId");

        Response cancelled = given().auth().oauth2(OPERATOR).delete("/api/commands/" + commandId);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.jsonPath().getString("status")).isEqualTo("cancelled");
        assertThat(redis.list(String.class).llen(QueuedCommand.key(deviceId))).isZero();
        // the gateways' deliver-once key holds the fence: a gateway that read the entry before it went will not write it
        assertThat(redis.value(String.class).get(DeliveryKeys.sent(commandId))).isEqualTo(DeliveryKeys.FENCE);

        Response again = given().auth().oauth2(OPERATOR).delete("/api/commands/" + commandId);
        assertThat(again.statusCode()).isEqualTo(409);
        again.then().contentType("application/problem+json").body(validAgainst("problem.json"));
        assertThat(again.jsonPath().getString("code")).isEqualTo("command_not_queued");
        assertThat(again.jsonPath().getString("commandStatus")).isEqualTo("cancelled");
        // someone else cannot even see it
        assertThat(given().auth().oauth2(Tokens.of("operator", "op-other")).delete("/api/commands/" + commandId).statusCode())
                .isEqualTo(404);
    }

    @Test
    void shouldExpireAQueuedCommandUnsentWhenItsWaitEnds() {
        String deviceId = offline();
        String commandId = post(deviceId, "{\"method\":\"dispense\",\"delivery\":{\"whenOffline\":\"queue\",\"ttlMs\":1000}}")
                .jsonPath().getString("commandId");

        JsonPath ended = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> record(commandId), r -> "expired".equals(r.getString("status")));
        assertThat(ended.getString("reason")).isEqualTo("ttl_passed");
        assertThat(redis.list(String.class).llen(QueuedCommand.key(deviceId))).isZero();
        assertThat(redis.value(String.class).get(DeliveryKeys.sent(commandId))).isEqualTo(DeliveryKeys.FENCE);
    }

    @Test
    void shouldRecordAQueuedCommandDeliveredByAGatewayWithItsDeadlineFromTheDelivery() throws Exception {
        String deviceId = offline();
        String commandId = post(deviceId, "{\"method\":\"dispense\",\"timeoutMs\":30000,\"delivery\":{\"whenOffline\":\"queue\"}}")
                .jsonPath().getString("commandId");
        try (TopicWriter kafka = new TopicWriter()) {
            kafka.send("device.replies", deviceId, reply("DELIVERED", commandId, deviceId, "null"));
            JsonPath delivered = await().atMost(Duration.ofSeconds(20)).until(() -> record(commandId),
                    r -> "delivered".equals(r.getString("status")));
            Instant deliveredAt = Instant.parse(delivered.getString("deliveredAt"));
            assertThat(Instant.parse(delivered.getString("deadline"))).isEqualTo(deliveredAt.plusMillis(30000));

            kafka.send("device.replies", deviceId, reply("RESULT", commandId, deviceId, "{\"ok\":true}"));
            JsonPath done = await().atMost(Duration.ofSeconds(20)).until(() -> record(commandId),
                    r -> "succeeded".equals(r.getString("status")));
            assertThat(done.getBoolean("result.ok")).isTrue();
            assertThat(done.getString("queuedUntil")).isNotNull();
        }
        Response late = given().auth().oauth2(OPERATOR).delete("/api/commands/" + commandId);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.jsonPath().getString("commandStatus")).isEqualTo("succeeded");
    }

    @Test
    void shouldRefuseABadDeliveryMember() {
        String deviceId = offline();
        for (String delivery : List.of("\"queue\"", "{\"whenOffline\":\"later\"}", "{\"whenOffline\":\"queue\",\"ttlMs\":10}",
                "{\"whenOffline\":\"queue\",\"ttlMs\":604800001}", "{\"whenOffline\":\"fail\",\"ttlMs\":5000}",
                "{\"whenOffline\":\"queue\",\"retries\":3}")) {
            Response r = post(deviceId, "{\"method\":\"dispense\",\"delivery\":" + delivery + "}");
            assertThat(r.statusCode()).as(delivery).isEqualTo(400);
            assertThat(r.jsonPath().getString("code")).isEqualTo("invalid_command");
        }
        // without a queue, an offline machine is refused as it always was
        Response r = post(deviceId, "{\"method\":\"dispense\",\"delivery\":{\"whenOffline\":\"fail\"}}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.jsonPath().getString("code")).isEqualTo("device_offline");
        assertThat(redis.key().exists(QueuedCommand.key(deviceId))).isFalse();
    }

    private static String offline() {
        return "dev-q-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response post(String deviceId, String body) {
        return given().auth().oauth2(OPERATOR).contentType("application/json").body(body).post("/api/devices/" + deviceId + "/commands");
    }

    private static JsonPath record(String commandId) {
        return given().auth().oauth2(OPERATOR).get("/api/commands/" + commandId).then().statusCode(200).extract().jsonPath();
    }

    private static String reply(String kind, String commandId, String deviceId, String result) {
        String value = "{\"kind\":\"" + kind + "\",\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + deviceId
                + "\",\"gateway\":\"gw-test\",\"result\":" + result + ",\"error\":null,\"time\":\"" + Instant.now() + "\",\"reason\":null}";
        return ContractSchemas.assertValid("kafka-device-reply.json", value);
    }
}
