package io.switchboard.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.TopicReader;
import io.switchboard.testsupport.TopicWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Machines connecting and leaving reach operators (issue 16, the console's live list): a gateway's lifecycle report on
 * the real Kafka device.events becomes a notify event on notify.events for ops:devices, with an id derived from the
 * report (a redelivery gives the same id), and reports older than commands.ops.device-events-max-age (1 min) or a
 * device's own notifications are not passed on.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class OpsDeviceEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPassRecentConnectsAndLeavesToOpsDevicesWithAStableId() throws Exception {
        String deviceId = "kiosk-" + UUID.randomUUID().toString().substring(0, 8);
        Instant connected = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(2);
        Instant left = connected.plusSeconds(1);
        try (TopicReader notify = new TopicReader("notify.events"); TopicWriter kafka = new TopicWriter()) {
            String connectedReport = lifecycle(deviceId, "connected", connected);
            send(kafka, deviceId, connectedReport);
            send(kafka, deviceId, notification(deviceId, connected.plusMillis(500)));
            send(kafka, deviceId, lifecycle(deviceId, "disconnected", left));
            send(kafka, deviceId, connectedReport); // the same record again, as a redelivery after a rebalance would

            List<ConsumerRecord<String, String>> records = notify.awaitRecords(r -> about(r, deviceId), 3);
            List<JsonNode> events = events(records);
            assertThat(events).extracting(e -> e.get("type").asText())
                    .containsExactly("device.connected", "device.disconnected", "device.connected");
            JsonNode first = events.get(0);
            assertThat(first.get("channel").asText()).isEqualTo("ops:devices");
            assertThat(first.get("data").get("deviceId").asText()).isEqualTo(deviceId);
            assertThat(first.get("data").get("gateway").asText()).isEqualTo("gw-test");
            assertThat(Instant.parse(first.get("data").get("time").asText())).isEqualTo(connected);
            assertThat(Instant.parse(events.get(1).get("data").get("time").asText())).isEqualTo(left);
            assertThat(events.get(2).get("id").asText()).as("a redelivered report keeps its id: notify drops the copy")
                    .isEqualTo(first.get("id").asText());
            assertThat(events.get(1).get("id").asText()).isNotEqualTo(first.get("id").asText());
            assertThat(records).extracting(ConsumerRecord::key).containsOnly("ops:devices");
        }
    }

    @Test
    void shouldNotReplayReportsOlderThanTheMaxAge() throws Exception {
        String deviceId = "kiosk-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (TopicReader notify = new TopicReader("notify.events"); TopicWriter kafka = new TopicWriter()) {
            // the same key, so one partition: the old reports are read before the fresh one
            send(kafka, deviceId, lifecycle(deviceId, "connected", now.minusSeconds(3600)));
            send(kafka, deviceId, lifecycle(deviceId, "disconnected", now.minusSeconds(61)));
            send(kafka, deviceId, lifecycle(deviceId, "connected", now));

            List<JsonNode> events = events(notify.awaitRecords(r -> about(r, deviceId), 1));
            assertThat(events).hasSize(1);
            assertThat(Instant.parse(events.get(0).get("data").get("time").asText())).isEqualTo(now);
        }
    }

    private static boolean about(ConsumerRecord<String, String> record, String deviceId) {
        return record.value().contains("\"" + deviceId + "\"");
    }

    /** The values, each checked against the notify.events schema. */
    private static List<JsonNode> events(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> {
            try {
                return JSON.readTree(ContractSchemas.assertValid("kafka-notify-event.json", r.value()));
            } catch (Exception e) {
                throw new AssertionError(r.value(), e);
            }
        }).toList();
    }

    private static String lifecycle(String deviceId, String method, Instant time) {
        return "{\"deviceId\":\"" + deviceId + "\",\"method\":\"" + method + "\",\"params\":null,\"gateway\":\"gw-test\",\"time\":\""
                + time + "\",\"source\":\"gateway\"}";
    }

    private static String notification(String deviceId, Instant time) {
        return "{\"deviceId\":\"" + deviceId + "\",\"method\":\"status\",\"params\":{\"bags\":3},\"gateway\":\"gw-test\",\"time\":\""
                + time + "\",\"source\":\"device\"}";
    }

    private static void send(TopicWriter kafka, String deviceId, String value) {
        kafka.send("device.events", deviceId, ContractSchemas.assertValid("kafka-device-event.json", value));
    }
}
