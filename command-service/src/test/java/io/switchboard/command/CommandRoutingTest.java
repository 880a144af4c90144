package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.store.CommandStore;
import io.switchboard.command.support.CommandsTopic;
import io.switchboard.command.support.Devices;
import io.switchboard.command.support.Records;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Routing (docs/routing.md): a command goes to a partition of the route of the gateway named by the device's
 * presence, so only that gateway reads it; an end state reaches only the instances waiting on the command (its
 * watchers), including one that a long-poll GET came to; a command whose device left before it arrived answers 409.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = Tokens.of("service", "orders");

    @Inject
    RedisDataSource redis;
    @Inject
    CommandStore store;
    @Inject
    CommandConfig config;

    @Test
    void shouldWriteACommandToAPartitionOfTheHoldingGatewaysRoute() {
        String gateway = "gw-route-" + UUID.randomUUID();
        String deviceId = Devices.online(redis);
        Devices.markOnline(redis, deviceId, gateway);
        redis.value(String.class).set(PresenceKeys.route(gateway), "1,4", new SetArgs().px(60_000));

        try (KafkaConsumer<String, String> commands = CommandsTopic.fromNow()) {
            String commandId = sendAsync(deviceId);
            ConsumerRecord<String, String> record = CommandsTopic.find(commands, commandId);
            int expected = GatewayRoute.parse("1,4").partitionFor(deviceId).getAsInt();
            assertThat(record.partition()).as("a partition of the holder's route").isEqualTo(expected).isIn(1, 4);
            assertThat(record.key()).isEqualTo(deviceId);
        }
    }

    @Test
    void shouldWriteByKeyWhenTheHoldersRouteIsNotKnown() {
        String deviceId = Devices.online(redis); // its gateway gw-test has no route key
        try (KafkaConsumer<String, String> commands = CommandsTopic.fromNow()) {
            String commandId = sendAsync(deviceId);
            ConsumerRecord<String, String> record = CommandsTopic.find(commands, commandId);
            int byKey = Utils.toPositive(Utils.murmur2(deviceId.getBytes(StandardCharsets.UTF_8))) % CommandsTopic.partitions(commands);
            assertThat(record.partition()).as("the key's partition; its reader forwards it").isEqualTo(byKey);
        }
    }

    @Test
    void shouldPublishAnEndOnlyToTheInstancesWaitingOnIt() throws Exception {
        String other = "cs-other-" + UUID.randomUUID();
        String id = Records.inFlight(store, other);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        var pubsub = redis.pubsub(String.class);
        String sentinel = "sentinel-" + UUID.randomUUID();
        var subscriber = pubsub.subscribe(List.of(CommandStore.updates(other), CommandStore.updates(config.instanceId()),
                CommandStore.updates(sentinel)), m -> heard.add(m));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> { // the subscriptions are up
                pubsub.publish(CommandStore.updates(sentinel), "ready");
                return "ready".equals(heard.poll(100, TimeUnit.MILLISECONDS));
            });
            heard.clear();
            store.transition(id, CommandStatus.SUCCEEDED, "dev-w", "result", "{\"ok\":true}").await().atMost(Duration.ofSeconds(5));
            pubsub.publish(CommandStore.updates(sentinel), "sentinel");

            String first = heard.poll(10, TimeUnit.SECONDS);
            assertThat(first).as("the waiting instance's channel").isNotNull().contains(id).contains("succeeded");
            assertThat(JSON.readTree(first).has("watchers")).as("watchers are not published").isFalse();
            // one connection delivers in publish order: whatever the script published comes before the sentinel
            assertThat(heard.poll(10, TimeUnit.SECONDS)).as("nothing for an instance that does not wait").isEqualTo("sentinel");
        } finally {
            subscriber.unsubscribe();
        }
    }

    @Test
    void shouldWakeALongPollOnAnInstanceOtherThanTheSender() {
        String id = Records.inFlight(store, "cs-sender-" + UUID.randomUUID()); // sent by another instance, still in flight
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> given().auth().oauth2(SERVICE)
                .get("/api/commands/" + id + "?waitMs=20000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(redis.hash(String.class).hget("sb:cmd:" + id, "watchers"))
                .contains(config.instanceId()));

        store.transition(id, CommandStatus.SUCCEEDED, "dev-w", "result", "{\"ok\":true}").await().atMost(Duration.ofSeconds(5));

        Response r = poll.join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("status")).as("woken by the end, not returned as it was at waitMs").isEqualTo("succeeded");
    }

    @Test
    void shouldAnswer409WhenTheDeviceLeftBeforeItsCommandArrived() throws Exception {
        String deviceId = Devices.online(redis);
        try (KafkaConsumer<String, String> commands = CommandsTopic.fromNow();
             KafkaProducer<String, String> replies = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA),
                     new StringSerializer(), new StringSerializer())) {
            CompletableFuture<Response> sent = CompletableFuture.supplyAsync(() -> given().auth().oauth2(SERVICE)
                    .body("{\"method\":\"dispense\",\"timeoutMs\":20000}").post("/api/devices/" + deviceId + "/commands"));
            JsonNode command = JSON.readTree(CommandsTopic.find(commands, deviceId).value());
            String commandId = command.path("commandId").asText();
            // what the gateway that read it reports: nobody holds the device now
            String reply = JSON.createObjectNode().put("kind", "EXPIRED").put("commandId", commandId).put("deviceId", deviceId)
                    .put("gateway", "gw-test").put("time", Instant.now().toString()).put("reason", "device_disconnected").toString();
            ContractSchemas.assertValid("kafka-device-reply.json", reply);
            replies.send(new ProducerRecord<>("device.replies", deviceId, reply)).get(10, TimeUnit.SECONDS);

            Response r = sent.join();
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("code")).isEqualTo("device_offline");
            assertThat(r.jsonPath().getString("commandId")).isEqualTo(commandId);
            assertThat(r.jsonPath().getString("command.reason")).isEqualTo("device_disconnected");
            assertThat(r.header("Location")).endsWith("/api/commands/" + commandId);
        }
    }

    private String sendAsync(String deviceId) {
        return given().auth().oauth2(SERVICE).header("Prefer", "respond-async").body("{\"method\":\"dispense\"}")
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202).extract().path("commandId");
    }
}
