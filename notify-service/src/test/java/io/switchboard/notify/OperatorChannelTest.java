package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The operators' channels {@code ops:{name}} (machines connecting and leaving, job progress): role {@code operator}
 * reads them, nobody publishes there from a browser, and what command-service writes on the real Kafka
 * notify.events reaches an operator's socket, with history and {@code since} recovery as on any channel.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class OperatorChannelTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldLetAnOperatorSubscribeToOpsChannels() {
        try (Browser operator = Browser.connectWithSubprotocol(connectors.get(), base, Tokens.of("operator", "alice"))) {
            for (String channel : List.of("ops:devices", "ops:jobs", "ops:" + Ingest.unique("anything"))) {
                JsonNode result = operator.subscribe(channel);
                assertThat(result.get("channel").asText()).isEqualTo(channel);
                assertThat(result.get("recovered").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void shouldRefuseOpsChannelsToMerchantsCustomersAndStaffWith32003() {
        List<String> tokens = List.of(
                Tokens.of("merchant", "m1", Map.of("shop", "devices", "boards", List.of("devices", "jobs"))),
                Tokens.of("customer", "devices"),
                Tokens.of("staff", "st1", Map.of("boards", List.of("devices", "jobs"))));
        for (String token : tokens) {
            try (Browser b = Browser.connect(connectors.get(), base, token)) {
                assertThat(errorCode(b.call("subscribe", Map.of("channel", "ops:devices")))).isEqualTo(JsonRpcErrors.FORBIDDEN);
                assertThat(errorCode(b.call("subscribe", Map.of("channel", "ops:jobs", "since", 0))))
                        .isEqualTo(JsonRpcErrors.FORBIDDEN);
                assertThat(errorCode(b.call("ack", Map.of("channel", "ops:jobs", "id", "evt-1")))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            }
        }
    }

    @Test
    void shouldRefuseAnOperatorsPublishOnOpsChannelsAndOperatorsOnOtherPeoplesChannels() {
        try (Browser operator = Browser.connect(connectors.get(), base, Tokens.of("operator", "alice", Map.of("boards", List.of("b1"))))) {
            for (String type : List.of("job.progress", "device.connected", "todo.updated")) {
                assertThat(errorCode(operator.call("publish", Map.of("channel", "ops:jobs", "type", type, "data", Map.of("jobId", "j1")))))
                        .as(type).isEqualTo(JsonRpcErrors.FORBIDDEN);
            }
            assertThat(errorCode(operator.call("publish",
                    Map.of("channel", "ops:devices", "type", "device.connected", "data", Map.of())))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            // the role opens ops: channels only, not shops or other users
            assertThat(errorCode(operator.call("subscribe", Map.of("channel", "shop:s1")))).isEqualTo(JsonRpcErrors.FORBIDDEN);
            assertThat(errorCode(operator.call("subscribe", Map.of("channel", "user:bob")))).isEqualTo(JsonRpcErrors.FORBIDDEN);
        }
    }

    @Test
    void shouldDeliverJobProgressFromKafkaToAnOperatorAndRecoverWhatItMissed() {
        // a channel of its own, so that other tests' events on ops:jobs cannot interleave with the offsets checked
        String channel = "ops:" + Ingest.unique("jobs");
        String jobId = Ingest.unique("job");
        try (KafkaProducer<String, String> producer = Ingest.producer()) {
            long position;
            String epoch;
            try (Browser operator = Browser.connectWithSubprotocol(connectors.get(), base, Tokens.of("operator", "alice"))) {
                operator.subscribe(channel);
                String first = Ingest.unique("job-progress");
                Ingest.produce(producer, channel, Ingest.json(Ingest.event(first, channel, "job.progress", progress(jobId, 0))));
                operator.awaitEvent(channel, first);
                JsonNode event = operator.events(channel).get(0);
                assertThat(event.get("type").asText()).isEqualTo("job.progress");
                assertThat(event.get("data").get("jobId").asText()).isEqualTo(jobId);
                assertThat(event.get("data").get("counts").get("succeeded").asInt()).isEqualTo(0);
                position = event.get("offset").asLong();
                epoch = event.get("epoch").asText();
            }
            // two updates while the console was away (a reload, a reconnect), stored once the POST answers
            String second = Ingest.unique("job-progress");
            String third = Ingest.unique("job-progress");
            Ingest.post(Ingest.event(second, channel, "job.progress", progress(jobId, 1)));
            Ingest.post(Ingest.event(third, channel, "job.progress", progress(jobId, 2)));

            try (Browser again = Browser.connectWithSubprotocol(connectors.get(), base, Tokens.of("operator", "bob"))) {
                JsonNode result = again.subscribe(channel, position, epoch);
                assertThat(result.get("recovered").asBoolean()).isTrue();
                again.awaitEvents(channel, 2);
                assertThat(again.eventIds(channel)).containsExactly(second, third);
                assertThat(again.offsets(channel)).containsExactly(position + 1, position + 2);
                assertThat(again.events(channel).get(1).get("data").get("counts").get("succeeded").asInt()).isEqualTo(2);
            }
        }
    }

    private static Map<String, Object> progress(String jobId, int succeeded) {
        return Map.of("jobId", jobId, "method", "dispense", "status", succeeded == 2 ? "completed" : "running", "total", 2,
                "counts", Map.of("pending", 2 - succeeded, "succeeded", succeeded, "failed", 0));
    }

    private static int errorCode(JsonNode answer) {
        return answer.path("error").path("code").asInt();
    }
}
