package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.gateway.support.KafkaTap;
import io.switchboard.testsupport.ContractSchemas;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Commands from Kafka to the socket and answers back, over the real broker and Redis. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class CommandDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records of the commands under test that carried a trace header: none may, with tracing off (the default). */
    private static final List<String> TRACED = new CopyOnWriteArrayList<>();
    private static KafkaProducer<String, String> producer;

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    private WsClient connect(String deviceId) throws Exception {
        return WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")), Tokens.of("device", deviceId));
    }

    private static void command(String deviceId, String commandId, Instant deadline) throws Exception {
        String value = JSON.createObjectNode().put("commandId", commandId).put("deviceId", deviceId)
                .put("method", "dispense").put("deadline", deadline.toString()).put("issuedAt", Instant.now().toString())
                .set("params", JSON.createObjectNode().put("bag", 2)).toString();
        ContractSchemas.assertValid("kafka-device-command.json", value);
        producer.send(new ProducerRecord<>("device.commands", deviceId, value)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldWriteTheCommandWithItsDeadlineAndForwardTheAnswer() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        List<JsonNode> replies = collect("device.replies", commandId);
        try (WsClient ws = connect(deviceId)) {
            Instant deadline = Instant.now().plusSeconds(30);
            command(deviceId, commandId, deadline);
            JsonNode frame = JSON.readTree(ContractSchemas.assertValid("device-command-frame.json", ws.next()));
            assertThat(frame.path("id").asText()).isEqualTo(commandId);
            assertThat(frame.path("method").asText()).isEqualTo("dispense");
            assertThat(frame.path("params").path("bag").asInt()).isEqualTo(2);
            assertThat(Instant.parse(frame.path("params").path("_meta").path("deadline").asText())).isEqualTo(deadline);
            assertThat(frame.path("params").path("_meta").has("traceparent")).as("tracing is off: no trace for the device")
                    .isFalse();

            ws.send("{\"jsonrpc\":\"2.0\",\"id\":\"" + commandId + "\",\"result\":{\"dispensed\":true}}");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replies)
                    .extracting(r -> r.path("kind").asText()).contains("DELIVERED", "RESULT"));
            JsonNode result = replies.stream().filter(r -> r.path("kind").asText().equals("RESULT")).findFirst().orElseThrow();
            assertThat(result.path("deviceId").asText()).isEqualTo(deviceId);
            assertThat(result.path("result").path("dispensed").asBoolean()).isTrue();
            replies.forEach(r -> ContractSchemas.assertValid("kafka-device-reply.json", r.toString()));
            assertThat(TRACED).as("reports produced with tracing off carry no traceparent").isEmpty();
        }
    }

    @Test
    void shouldWriteErrorsEventsAndAnswersAsTheContractSchemasSay() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        List<JsonNode> replies = collect("device.replies", commandId);
        List<JsonNode> events = KafkaTap.collect("device.events", deviceId);
        try (WsClient ws = connect(deviceId)) {
            command(deviceId, commandId, Instant.now().plusSeconds(30));
            ContractSchemas.assertValid("device-command-frame.json", ws.next());
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"" + commandId + "\",\"error\":{\"code\":-32000,\"message\":\"jammed\",\"data\":{\"slot\":3}}}";
            ws.send(ContractSchemas.assertValid("device-response.json", answer));
            String status = "{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":{\"door\":\"open\"}}";
            ws.send(ContractSchemas.assertValid("device-notification.json", status));
            ws.send(ContractSchemas.assertValid("ping-request.json", "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"ping\"}"));
            assertThat(JSON.readTree(ContractSchemas.assertValid("ping-result.json", ws.next())).path("id").asInt()).isEqualTo(41);
            ws.send("{not json");
            assertThat(JSON.readTree(ContractSchemas.assertValid("jsonrpc-error.json", ws.next())).path("error").path("code").asInt())
                    .isEqualTo(-32700);
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":\"q1\",\"method\":\"no.such\"}");
            assertThat(JSON.readTree(ContractSchemas.assertValid("jsonrpc-error.json", ws.next())).path("error").path("code").asInt())
                    .isEqualTo(-32601);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replies)
                    .extracting(r -> r.path("kind").asText()).contains("DELIVERED", "ERROR"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events)
                    .extracting(e -> e.path("method").asText()).contains("connected", "status"));
        }
        replies.forEach(r -> ContractSchemas.assertValid("kafka-device-reply.json", r.toString()));
        assertThat(replies.stream().filter(r -> r.path("kind").asText().equals("ERROR")).findFirst().orElseThrow()
                .path("error").path("data").path("slot").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events)
                .extracting(e -> e.path("method").asText()).contains("disconnected"));
        events.forEach(e -> ContractSchemas.assertValid("kafka-device-event.json", e.toString()));
    }

    @Test
    void shouldNotWriteARedeliveredCommandTwice() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        try (WsClient ws = connect(deviceId)) {
            command(deviceId, commandId, Instant.now().plusSeconds(30));
            command(deviceId, commandId, Instant.now().plusSeconds(30));
            command(deviceId, "marker-" + commandId, Instant.now().plusSeconds(30));

            List<String> ids = new ArrayList<>();
            while (!ids.contains("marker-" + commandId)) {
                ids.add(JSON.readTree(ws.next()).path("id").asText());
            }
            assertThat(ids).containsExactly(commandId, "marker-" + commandId);
        }
    }

    @Test
    void shouldNeverSendACommandWhoseDeadlinePassedAndReportItExpired() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = "cmd-" + UUID.randomUUID();
        List<JsonNode> replies = collect("device.replies", commandId);
        try (WsClient ws = connect(deviceId)) {
            command(deviceId, commandId, Instant.now().minusMillis(1));
            command(deviceId, "marker-" + commandId, Instant.now().plusSeconds(30));

            assertThat(JSON.readTree(ws.next()).path("id").asText()).isEqualTo("marker-" + commandId);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replies)
                    .extracting(r -> r.path("kind").asText()).containsExactly("EXPIRED"));
            ContractSchemas.assertValid("kafka-device-reply.json", replies.get(0).toString());
        }
    }

    /** Collects, in the background, records of a topic that mention {@code needle}. */
    private static List<JsonNode> collect(String topic, String needle) {
        List<JsonNode> found = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                long until = System.currentTimeMillis() + 20_000;
                while (System.currentTimeMillis() < until) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (r.value().contains("\"commandId\":\"" + needle + "\"")) {
                            if (r.headers().lastHeader("traceparent") != null) {
                                TRACED.add(topic + ": " + r.value());
                            }
                            try {
                                found.add(JSON.readTree(r.value()));
                            } catch (Exception ignored) {
                                // not JSON: not ours
                            }
                        }
                    });
                }
            }
        }, "collect-" + topic);
        t.setDaemon(true);
        t.start();
        return found;
    }
}
