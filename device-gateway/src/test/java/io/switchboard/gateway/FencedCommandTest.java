package io.switchboard.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.gateway.store.DeliveryLog;
import io.switchboard.gateway.support.CommandTopic;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.Infra;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command that command-service fenced (Kafka took it too late, the caller got 503) reaches the gateway
 * later: it is never written to the device and nothing is reported for it.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class FencedCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CommandTopic commands;

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void producer() {
        commands = new CommandTopic();
    }

    @AfterAll
    static void close() {
        commands.close();
    }

    private static void command(String deviceId, String commandId) throws Exception {
        commands.send(deviceId, commandId, Instant.now().plusSeconds(30), null);
    }

    private static double fencedCount() {
        String line = given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("switchboard_gateway_commands_total{") && l.contains("outcome=\"fenced\""))
                .findFirst().orElse("x 0");
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void shouldNeverDeliverNorReportAFencedCommand() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String fenced = "cmd-fenced-" + UUID.randomUUID();
        String marker = "cmd-marker-" + UUID.randomUUID();
        List<String> reports = collectReports(deviceId);
        double before = fencedCount();
        // what command-service writes when Kafka did not take the command in time
        redis.value(String.class).set("sb:gateway:sent:" + fenced, DeliveryLog.FENCE, new SetArgs().nx().px(3_600_000));

        try (WsClient ws = WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")),
                Tokens.of("device", deviceId))) {
            command(deviceId, fenced);
            command(deviceId, marker); // same key, same partition: read after the fenced one

            List<String> ids = new ArrayList<>();
            while (!ids.contains(marker)) {
                ids.add(JSON.readTree(ws.next()).path("id").asText());
            }
            assertThat(ids).as("frames written to the device").containsExactly(marker);
            // reports of one device are written in order: once the marker's DELIVERED is there, a report of
            // the fenced command would be too
            await().atMost(Duration.ofSeconds(10)).until(() -> reports.contains("DELIVERED " + marker));
            assertThat(reports).as("reports").containsExactly("DELIVERED " + marker);
            assertThat(redis.value(String.class).get("sb:gateway:sent:" + fenced)).isEqualTo(DeliveryLog.FENCE);
            assertThat(fencedCount()).isGreaterThan(before);
        }
    }

    /** Collects, in the background, "KIND commandId" of the device's reports on device.replies. */
    private static List<String> collectReports(String deviceId) {
        List<String> found = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("device.replies"));
                long until = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < until) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (deviceId.equals(r.key())) {
                            try {
                                JsonNode reply = JSON.readTree(r.value());
                                found.add(reply.path("kind").asText() + " " + reply.path("commandId").asText());
                            } catch (Exception ignored) {
                                // not JSON: not ours
                            }
                        }
                    });
                }
            }
        }, "collect-replies");
        t.setDaemon(true);
        t.start();
        return found;
    }
}
