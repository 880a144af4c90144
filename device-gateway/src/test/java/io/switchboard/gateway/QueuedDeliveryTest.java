package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.wire.DeliveryKeys;
import io.switchboard.common.wire.QueuedCommand;
import io.switchboard.gateway.support.KafkaTap;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of commands that waited for an offline machine (issue 16, part 1), over the real Redis and Kafka:
 * when the machine connects, its queue is written to it in order, each entry leaving the queue once settled; an entry
 * whose wait ended is reported EXPIRED ttl_passed and never written, a fenced (cancelled) one is never written.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class QueuedDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    RedisDataSource redis;

    @Test
    void shouldWriteTheQueueInOrderWhenTheMachineConnectsAndSkipWhatMustNotGo() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        String first = queue(deviceId, "dispense", 1, now.plusSeconds(600));
        String waitedOut = queue(deviceId, "dispense", 2, now.minusSeconds(1));
        String cancelled = queue(deviceId, "dispense", 3, now.plusSeconds(600));
        redis.value(String.class).set(DeliveryKeys.sent(cancelled), DeliveryKeys.FENCE); // as command-service's DELETE does
        String last = queue(deviceId, "reboot", 4, now.plusSeconds(600));
        List<JsonNode> replies = KafkaTap.collect("device.replies", deviceId);

        try (WsClient ws = connect(deviceId)) {
            JsonNode one = JSON.readTree(ContractSchemas.assertValid("device-command-frame.json", ws.next()));
            JsonNode two = JSON.readTree(ContractSchemas.assertValid("device-command-frame.json", ws.next()));
            assertThat(List.of(one.path("id").asText(), two.path("id").asText())).containsExactly(first, last);
            assertThat(one.path("params").path("bag").asInt()).isEqualTo(1);
            assertThat(two.path("method").asText()).isEqualTo("reboot");
            // the machine's time starts at the delivery: timeoutMs (20 s) from about now, not from when it was queued
            Instant deadline = Instant.parse(one.path("params").path("_meta").path("deadline").asText());
            assertThat(deadline).isAfter(Instant.now().plusSeconds(15)).isBefore(Instant.now().plusSeconds(21));
            assertThat(ws.frames.poll(1, TimeUnit.SECONDS)).as("nothing else is written").isNull();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replies)
                    .extracting(r -> r.path("commandId").asText() + " " + r.path("kind").asText() + " " + r.path("reason").asText())
                    .contains(first + " DELIVERED null", last + " DELIVERED null", waitedOut + " EXPIRED ttl_passed")
                    .noneMatch(r -> r.startsWith(cancelled)));
            replies.forEach(r -> ContractSchemas.assertValid("kafka-device-reply.json", r.toString()));
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.list(String.class).llen(QueuedCommand.key(deviceId)) == 0);
        }
    }

    @Test
    void shouldNeverWriteAnEntryTwiceAcrossConnections() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = queue(deviceId, "dispense", 1, Instant.now().plusSeconds(600));
        try (WsClient ws = connect(deviceId)) {
            assertThat(JSON.readTree(ws.next()).path("id").asText()).isEqualTo(commandId);
        }
        // written once: the deliver-once key holds it, and a second connection does not get it again
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.list(String.class).llen(QueuedCommand.key(deviceId)) == 0);
        // the same entry again (a gateway that died after writing it, before removing it)
        redis.list(String.class).rpush(QueuedCommand.key(deviceId), entry(commandId, deviceId, "dispense", 1, Instant.now().plusSeconds(600)));
        String next = queue(deviceId, "dispense", 2, Instant.now().plusSeconds(600));
        try (WsClient ws = connect(deviceId)) {
            assertThat(JSON.readTree(ws.next()).path("id").asText()).as("the repeated entry is dropped, not resent").isEqualTo(next);
        }
    }

    private WsClient connect(String deviceId) throws Exception {
        return WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")), Tokens.of("device", deviceId));
    }

    /** Appends an entry as command-service does; returns its command id. */
    private String queue(String deviceId, String method, int bag, Instant queuedUntil) throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        redis.list(String.class).rpush(QueuedCommand.key(deviceId), entry(commandId, deviceId, method, bag, queuedUntil));
        return commandId;
    }

    private static String entry(String commandId, String deviceId, String method, int bag, Instant queuedUntil) throws Exception {
        return JSON.writeValueAsString(new QueuedCommand(commandId, deviceId, method, JSON.createObjectNode().put("bag", bag),
                20_000, queuedUntil, Instant.now()));
    }
}
