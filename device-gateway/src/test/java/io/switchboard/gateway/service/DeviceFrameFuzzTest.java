package io.switchboard.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.reactive.messaging.kafka.Record;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.common.jsonrpc.JsonRpcMessage;
import io.switchboard.common.wire.DeviceEvent;
import io.switchboard.common.wire.DeviceReply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.domain.DeviceSession;
import io.switchboard.gateway.messaging.GatewayPublisher;
import io.switchboard.gateway.support.FakeChannel;
import io.switchboard.testsupport.fuzz.CapturingEmitter;
import io.switchboard.testsupport.fuzz.ConfigDefaults;
import io.switchboard.testsupport.fuzz.QuarkusJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any text frame a device sends is handled by {@link DeviceLink#frame} as the socket handles it: either it is
 * answered with a JSON-RPC response (pong, or a standard error) and nothing goes to Kafka, or nothing is
 * answered and exactly one record goes to Kafka, which the consumers can read back from its JSON ({@code device.replies}:
 * a {@link DeviceReply} for the frame's command id; {@code device.events}: a {@link DeviceEvent}). Never an
 * exception. No Quarkus boot: the link is built from plain objects, Kafka is a capturing emitter.
 */
class DeviceFrameFuzzTest {
    /** What a device may be answered with (-32600 also for a request with a reserved lifecycle name). */
    private static final Set<Integer> CODES = Set.of(JsonRpcErrors.PARSE_ERROR, JsonRpcErrors.INVALID_REQUEST,
            JsonRpcErrors.METHOD_NOT_FOUND, JsonRpcErrors.INVALID_PARAMS, JsonRpcErrors.RATE_LIMITED);
    private static final ObjectMapper JSON = QuarkusJson.mapper();
    private static final CapturingEmitter<DeviceReply> REPLIES = new CapturingEmitter<>();
    private static final CapturingEmitter<DeviceEvent> EVENTS = new CapturingEmitter<>();
    private static final GatewayConfig CONFIG = ConfigDefaults.of(GatewayConfig.class, Map.of("instanceId", "gw-fuzz"));
    private static final DeviceLink LINK = new DeviceLink(null, null, new GatewayPublisher(REPLIES, EVENTS), null,
            CONFIG, new CommandTraces(OpenTelemetry.noop().getTracer("fuzz"), CONFIG), null, new SimpleMeterRegistry());

    @FuzzTest(maxDuration = "30s")
    void anyDeviceFrameIsAnsweredOrForwardedNeverThrown(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        FakeChannel socket = new FakeChannel("c-fuzz", new DeviceSession("d-fuzz", Instant.MAX));
        REPLIES.clear();
        EVENTS.clear();

        String answer = LINK.frame(socket, text);

        List<Record<String, DeviceReply>> replies = REPLIES.records();
        List<Record<String, DeviceEvent>> events = EVENTS.records();
        if (answer != null) {
            assertThat(replies).isEmpty();
            assertThat(events).isEmpty();
            JsonRpcMessage.Response response = (JsonRpcMessage.Response) JsonRpcMessage.parse(answer);
            if (response.isError()) {
                assertThat(CODES).contains(response.error().get("code").asInt());
            } else {
                assertThat(response.result().asText()).isEqualTo("pong");
            }
            return;
        }
        JsonRpcMessage sent = JsonRpcMessage.parse(text);
        if (replies.isEmpty() && events.isEmpty()) {
            assertThat(droppable(sent)).as("only a response without id or a reserved notification is dropped").isTrue();
            return;
        }
        assertThat(replies.size() + events.size()).as("one record to Kafka").isEqualTo(1);
        if (!replies.isEmpty()) {
            Record<String, DeviceReply> record = replies.get(0);
            DeviceReply reply = readBack(record.value(), DeviceReply.class);
            assertThat(reply.problem()).as("command-service reads it").isEmpty();
            JsonNode id = ((JsonRpcMessage.Response) sent).id();
            assertThat(id.isNull()).as("a response without id answers no command").isFalse();
            assertThat(reply.commandId()).isEqualTo(id.asText());
            assertThat(reply.deviceId()).isEqualTo("d-fuzz").isEqualTo(record.key());
            assertThat(reply.kind()).isIn(DeviceReply.Kind.RESULT, DeviceReply.Kind.ERROR);
        } else {
            Record<String, DeviceEvent> record = events.get(0);
            DeviceEvent event = readBack(record.value(), DeviceEvent.class);
            assertThat(event.method()).isEqualTo(((JsonRpcMessage.Notification) sent).method());
            assertThat(event.source()).isEqualTo(DeviceEvent.FROM_DEVICE);
            assertThat(event.deviceId()).isEqualTo("d-fuzz").isEqualTo(record.key());
        }
    }

    /** The value as a consumer reads it: written to JSON and parsed back, as Quarkus' Jackson serde does. */
    private static <T> T readBack(T value, Class<T> type) throws Exception {
        return JSON.readValue(JSON.writeValueAsBytes(value), type);
    }

    /** Dropped (and counted), never forwarded: a response to no command, a device's claim to be a lifecycle event. */
    private static boolean droppable(JsonRpcMessage sent) {
        return sent instanceof JsonRpcMessage.Response r && r.id().isNull()
                || sent instanceof JsonRpcMessage.Notification n && DeviceEvent.isReserved(n.method());
    }
}
