package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.messaging.AssignmentTracker;
import io.switchboard.gateway.messaging.CommandForwarder;
import io.switchboard.gateway.support.CommandTopic;
import io.switchboard.gateway.support.KafkaTap;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing on the gateway's side (docs/routing.md): it keeps the partitions it reads in Redis as its route; a command
 * for a device it does not hold is forwarded once to the gateway holding the device now, or reported EXPIRED
 * ({@code device_disconnected}) when nobody holds it or it came forwarded already.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CommandTopic commands;

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    GatewayConfig config;
    @Inject
    AssignmentTracker assignment;
    @Inject
    RedisDataSource redis;
    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void producer() {
        commands = new CommandTopic();
    }

    @AfterAll
    static void close() {
        commands.close();
    }

    @Test
    void shouldKeepThePartitionsItReadsInRedisAsItsRoute() {
        int partitions = commands.partitions();
        List<Integer> all = IntStream.range(0, partitions).boxed().toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(assignment.route().partitions())
                .as("the only gateway of its group reads every partition").isEqualTo(all));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(GatewayRoute.parse(
                redis.value(String.class).get(PresenceKeys.route(config.instanceId())))).isEqualTo(assignment.route()));
        long ttl = redis.key(String.class).pttl(PresenceKeys.route(config.instanceId()));
        assertThat(ttl).as("it expires with a dead gateway").isPositive().isLessThanOrEqualTo(config.presenceTtl().toMillis());
    }

    /** Whoever reads a partition next resumes from a committed offset, also when nothing was read from it yet. */
    @Test
    void shouldHaveAnOffsetCommittedForEveryPartitionItReads() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(assignment::assigned);
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.device-commands.group.id", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            for (int partition : assignment.route().partitions()) {
                assertThat(offsets.get(new TopicPartition("device.commands", partition)))
                        .as("committed offset of partition %d", partition).isNotNull();
            }
        }
    }

    @Test
    void shouldReportACommandForADeviceNobodyHolds() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        List<JsonNode> replies = KafkaTap.collect("device.replies", deviceId);

        commands.send(deviceId, commandId, Instant.now().plusSeconds(30), null);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(replies).hasSize(1));
        JsonNode reply = replies.get(0);
        assertThat(reply.path("kind").asText()).isEqualTo("EXPIRED");
        assertThat(reply.path("reason").asText()).isEqualTo("device_disconnected");
        assertThat(reply.path("commandId").asText()).isEqualTo(commandId);
    }

    @Test
    void shouldForwardOnceToTheGatewayThatHoldsTheDeviceNow() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        String elsewhere = "gw-elsewhere-" + UUID.randomUUID();
        int partition = commands.partitions() - 1;
        redis.value(String.class).set(PresenceKeys.device(deviceId), "{\"deviceId\":\"" + deviceId + "\",\"gateway\":\""
                + elsewhere + "\",\"connectionId\":\"c-1\",\"connectedAt\":\"" + Instant.now() + "\"}", new SetArgs().px(60_000));
        redis.value(String.class).set(PresenceKeys.route(elsewhere), Integer.toString(partition), new SetArgs().px(60_000));
        List<JsonNode> replies = KafkaTap.collect("device.replies", deviceId);

        try (KafkaConsumer<String, String> topic = fromNow("device.commands")) {
            commands.send(deviceId, commandId, Instant.now().plusSeconds(30), null);

            List<ConsumerRecord<String, String>> seen = readFor(topic, commandId, 2);
            assertThat(seen).as("the command, then its forwarded copy").hasSize(2);
            ConsumerRecord<String, String> forwarded = seen.get(1);
            assertThat(forwarded.partition()).as("a partition of the holder's route").isEqualTo(partition);
            assertThat(forwarded.key()).isEqualTo(deviceId);
            Header by = forwarded.headers().lastHeader(CommandForwarder.FORWARDED_BY);
            assertThat(by).isNotNull();
            assertThat(new String(by.value(), StandardCharsets.UTF_8)).isEqualTo(config.instanceId());

            // this gateway reads that partition too (the holder here is pretend): a forwarded command is not forwarded again
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(replies).hasSize(1));
            assertThat(replies.get(0).path("reason").asText()).isEqualTo("device_disconnected");
            assertThat(readFor(topic, commandId, 1)).as("no second forward").isEmpty();
        }
    }

    /**
     * Rolling upgrade: a gateway of a version before routing publishes no route and reads every command itself, so a
     * command for a device it holds is neither forwarded nor reported (a report would answer 409 for a command it
     * delivers).
     */
    @Test
    void shouldLeaveACommandToAHolderThatPublishesNoRoute() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        String old = "gw-before-routing-" + UUID.randomUUID();
        redis.value(String.class).set(PresenceKeys.device(deviceId), "{\"deviceId\":\"" + deviceId + "\",\"gateway\":\""
                + old + "\",\"connectionId\":\"c-1\",\"connectedAt\":\"" + Instant.now() + "\"}", new SetArgs().px(60_000));
        List<JsonNode> replies = KafkaTap.collect("device.replies", deviceId);
        Counter left = meters.counter("switchboard.gateway.commands", "outcome", "left_to_unrouted_holder");
        double before = left.count();

        try (KafkaConsumer<String, String> topic = fromNow("device.commands")) {
            commands.send(deviceId, commandId, Instant.now().plusSeconds(30), null);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(left.count()).isEqualTo(before + 1));
            assertThat(readFor(topic, commandId, 2)).as("the command only, not forwarded").hasSize(1);
            assertThat(replies).as("not reported").isEmpty();
        }
    }

    @Test
    void shouldDeliverAForwardedCommandToADeviceItHolds() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        try (WsClient ws = WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")), Tokens.of("device", deviceId))) {
            commands.send(deviceId, commandId, Instant.now().plusSeconds(30), null, CommandForwarder.FORWARDED_BY, "gw-old");

            assertThat(JSON.readTree(ws.next()).path("id").asText()).isEqualTo(commandId);
        }
    }

    private static KafkaConsumer<String, String> fromNow(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> all = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position);
        return consumer;
    }

    /** Reads for up to 5 s (or until {@code enough} are found) the records of one command. */
    private static List<ConsumerRecord<String, String>> readFor(KafkaConsumer<String, String> consumer, String commandId, int enough) {
        List<ConsumerRecord<String, String>> found = new java.util.ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end && found.size() < enough) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.value().contains(commandId)) {
                    found.add(r);
                }
            });
        }
        return found;
    }
}
