package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.jsonrpc.CloseCodes;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.gateway.service.LocalDevices;
import io.switchboard.gateway.support.KafkaTap;
import io.switchboard.gateway.support.StalledDevice;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device that stops reading must not hold up delivery to the other devices of its gateway: it holds
 * at most {@code gateway.device-window} commands (the rest are answered failed at once), and a write
 * that does not complete within {@code gateway.write-timeout} closes it with 4001.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeviceFairnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than the gateway's whole delivery window (512), so before the fix one stalled device filled it. */
    private static final int STALLED_LARGE = 60;
    private static final int STALLED_SMALL = 560;
    private static final int HEALTHY = 20;
    private static KafkaProducer<String, String> producer;

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    LocalDevices local;
    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void shouldKeepDeliveringToAHealthyDeviceWhileAnotherStopsReadingThenCloseTheStalledOneWith4001() throws Exception {
        String stalledId = "stalled-" + UUID.randomUUID().toString().substring(0, 8);
        String healthyId = samePartitionAs(stalledId); // behind the stalled device's commands in one partition: no luck involved
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> stalledReplies = KafkaTap.collect("device.replies", stalledId);
        double timeoutsBefore = count("write_timeout");
        try (StalledDevice stalled = StalledDevice.connect(uri, Tokens.of("device", stalledId));
             WsClient healthy = WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")),
                     Tokens.of("device", healthyId))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> local.find(stalledId).isPresent() && local.find(healthyId).isPresent());
            String blob = "x".repeat(200_000);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int i = 0; i < STALLED_LARGE + STALLED_SMALL; i++) {
                sends.add(command(stalledId, run + "-s-" + i, i < STALLED_LARGE ? blob : "small"));
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < HEALTHY; i++) {
                expected.add(run + "-h-" + i);
                sends.add(command(healthyId, run + "-h-" + i, "small"));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            Set<String> received = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                String frame;
                while ((frame = healthy.frames.poll()) != null) {
                    received.add(JSON.readTree(frame).path("id").asText());
                }
                return received.containsAll(expected);
            });
            assertThat(local.find(stalledId)).as("the stalled device is still connected").isPresent();
            assertThat(local.find(stalledId).get().session().pending())
                    .as("the stalled device's commands are still pending").isPositive();
            assertThat(count("write_timeout") - timeoutsBefore).as("no write timed out yet").isZero();

            assertThat(stalledReplies).as("commands over the stalled device's window are answered failed at once")
                    .anySatisfy(r -> {
                        assertThat(r.path("kind").asText()).isEqualTo("ERROR");
                        assertThat(r.path("error").path("code").asInt()).isEqualTo(JsonRpcErrors.OVERLOADED);
                        assertThat(r.path("error").path("data").path("reason").asText()).isEqualTo("device_busy");
                    });

            await().atMost(Duration.ofSeconds(60)).until(() -> count("write_timeout") - timeoutsBefore >= 1);
            assertThat(stalled.readUntilClose()).as("close code of the stalled device").isEqualTo(CloseCodes.SLOW_CONSUMER);
            await().atMost(Duration.ofSeconds(15)).until(() -> local.find(stalledId).isEmpty());
        }
    }

    private double count(String outcome) {
        Counter c = registry.find("switchboard.gateway.commands").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static CompletableFuture<?> command(String deviceId, String commandId, String payload) {
        String value = JSON.createObjectNode().put("commandId", commandId).put("deviceId", deviceId)
                .put("method", "dispense").put("deadline", Instant.now().plusSeconds(120).toString())
                .put("issuedAt", Instant.now().toString())
                .set("params", JSON.createObjectNode().put("blob", payload)).toString();
        CompletableFuture<Object> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>("device.commands", deviceId, value), (md, e) -> {
            if (e == null) {
                sent.complete(md);
            } else {
                sent.completeExceptionally(e);
            }
        });
        return sent;
    }

    /** A device id whose commands land in the same partition of {@code device.commands} (default partitioner). */
    private static String samePartitionAs(String deviceId) {
        int partitions = producer.partitionsFor("device.commands").size();
        int target = partition(deviceId, partitions);
        for (int i = 0; ; i++) {
            String candidate = "healthy-" + i + "-" + UUID.randomUUID().toString().substring(0, 4);
            if (partition(candidate, partitions) == target) {
                return candidate;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
