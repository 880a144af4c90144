package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.command.config.CommandConfig;
import io.switchboard.command.domain.CommandStatus;
import io.switchboard.command.store.CommandStore;
import io.switchboard.command.support.CommandsTopic;
import io.switchboard.command.support.Devices;
import io.switchboard.command.support.Records;
import io.switchboard.common.redis.LuaScript;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade from a version before routing (docs/routing.md): such a version publishes every end state on
 * the one channel {@code sb:cmd:updates} and reads only that one, and its records have no {@code watchers}. This
 * version listens there too, and publishes there the ends of records an older version created (also once one of its
 * own instances long-polls them), or every end with {@code commands.publish-all-to-legacy-channel}. The older
 * version is played here by what it wrote to Redis: its records' fields and its script's publish.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class RollingUpgradeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = Tokens.of("service", "orders");

    @Inject
    RedisDataSource redis;
    @Inject
    ReactiveRedisDataSource reactive;
    @Inject
    CommandStore store;
    @Inject
    CommandConfig config;

    private final BlockingQueue<String> legacy = new LinkedBlockingQueue<>();
    private PubSubCommands.RedisSubscriber subscriber;

    @BeforeEach
    void listenOnTheLegacyChannel() {
        PubSubCommands<String> pubsub = redis.pubsub(String.class);
        subscriber = pubsub.subscribe(List.of(CommandStore.LEGACY_UPDATES), legacy::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> { // the subscription is up
            pubsub.publish(CommandStore.LEGACY_UPDATES, "ready");
            return "ready".equals(legacy.poll(100, TimeUnit.MILLISECONDS));
        });
        legacy.clear();
    }

    @AfterEach
    void unsubscribe() {
        subscriber.unsubscribe();
    }

    @Test
    void shouldPublishTheEndOfARecordAnOlderVersionCreatedOnTheLegacyChannel() throws Exception {
        String id = olderVersionsRecord();

        store.transition(id, CommandStatus.SUCCEEDED, "dev-w", "result", "{\"ok\":true}").await().atMost(Duration.ofSeconds(5));

        JsonNode end = JSON.readTree(legacy.poll(10, TimeUnit.SECONDS));
        assertThat(end.path("commandId").asText()).isEqualTo(id);
        assertThat(end.path("status").asText()).isEqualTo("succeeded");
        assertThat(end.has("watchers") || end.has("legacy")).as("routing's own fields are not published").isFalse();
    }

    @Test
    void shouldPublishNothingOnTheLegacyChannelForARecordThisVersionCreated() throws Exception {
        String id = Records.inFlight(store, "cs-other-" + UUID.randomUUID());
        String asyncId = Records.inFlight(store, null);
        assertThat(redis.hash(String.class).hget("sb:cmd:" + asyncId, "watchers")).as("present, empty: nobody waits").isEmpty();

        store.transition(id, CommandStatus.SUCCEEDED, "dev-w", "result", "{\"ok\":true}").await().atMost(Duration.ofSeconds(5));
        store.transition(asyncId, CommandStatus.FAILED, "dev-w", "error", "{\"code\":1}").await().atMost(Duration.ofSeconds(5));
        redis.pubsub(String.class).publish(CommandStore.LEGACY_UPDATES, "sentinel");

        // one connection delivers in publish order: whatever the scripts published comes before the sentinel
        assertThat(legacy.poll(10, TimeUnit.SECONDS)).isEqualTo("sentinel");
    }

    @Test
    void shouldWakeACallerWaitingHereWhenAnOlderVersionRecordsTheEnd() throws Exception {
        String deviceId = Devices.online(redis);
        try (KafkaConsumer<String, String> commands = CommandsTopic.fromNow()) {
            CompletableFuture<Response> sent = CompletableFuture.supplyAsync(() -> given().auth().oauth2(SERVICE)
                    .body("{\"method\":\"dispense\",\"timeoutMs\":20000}").post("/api/devices/" + deviceId + "/commands"));
            String commandId = JSON.readTree(CommandsTopic.find(commands, deviceId).value()).path("commandId").asText();

            // what an older instance does with the reply: set the end, publish the whole hash on the one channel
            String key = "sb:cmd:" + commandId;
            redis.hash(String.class).hset(key, Map.of("status", "succeeded", "result", "{\"dispensed\":1}",
                    "updatedAt", Instant.now().toString()));
            Map<String, String> hash = new HashMap<>(redis.hash(String.class).hgetall(key));
            redis.pubsub(String.class).publish(CommandStore.LEGACY_UPDATES, JSON.writeValueAsString(hash));

            Response r = sent.join();
            assertThat(r.statusCode()).as("answered by the older version's end, not at the 20 s timeout").isEqualTo(200);
            assertThat(r.jsonPath().getString("status")).isEqualTo("succeeded");
            assertThat(r.jsonPath().getInt("result.dispensed")).isEqualTo(1);
        }
    }

    @Test
    void shouldStillPublishOnTheLegacyChannelAnOlderRecordLongPolledHere() throws Exception {
        String id = olderVersionsRecord();
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> given().auth().oauth2(SERVICE)
                .get("/api/commands/" + id + "?waitMs=20000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(redis.hash(String.class).hget("sb:cmd:" + id, "watchers"))
                .contains(config.instanceId()));
        assertThat(redis.hash(String.class).hget("sb:cmd:" + id, "legacy")).isEqualTo("1");

        store.transition(id, CommandStatus.SUCCEEDED, "dev-w", "result", "{\"ok\":true}").await().atMost(Duration.ofSeconds(5));

        assertThat(JSON.readTree(legacy.poll(10, TimeUnit.SECONDS)).path("commandId").asText())
                .as("the older instance that sent it still hears the end").isEqualTo(id);
        Response r = poll.join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("status")).isEqualTo("succeeded");
    }

    /** {@code commands.publish-all-to-legacy-channel=true} is ARGV[8] = '1' of the transition script. */
    @Test
    void shouldPublishEveryEndOnTheLegacyChannelWhenAskedTo() throws Exception {
        String id = Records.inFlight(store, "cs-other-" + UUID.randomUUID());

        LuaScript.load("lua/command-transition.lua").run(reactive, "1", "sb:cmd:" + id, "succeeded", "", "", "",
                Instant.now().toString(), CommandStore.UPDATES_PREFIX, CommandStore.LEGACY_UPDATES, "1")
                .await().atMost(Duration.ofSeconds(5));

        assertThat(JSON.readTree(legacy.poll(10, TimeUnit.SECONDS)).path("commandId").asText()).isEqualTo(id);
    }

    /** A record as a version before routing wrote it: no {@code watchers} field. */
    private String olderVersionsRecord() {
        String id = Records.inFlight(store, null);
        redis.hash(String.class).hdel("sb:cmd:" + id, "watchers");
        return id;
    }
}
