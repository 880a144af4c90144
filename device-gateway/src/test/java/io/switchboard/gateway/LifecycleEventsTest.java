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
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.support.KafkaTap;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code connected} / {@code disconnected} on {@code device.events} come from the gateway only, never from a device;
 * records are shaped like {@code contracts/device-event-*.json}.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class LifecycleEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/devices/ws")
    URI uri;
    @Inject
    Vertx vertx;
    @Inject
    GatewayConfig config;
    @Inject
    MeterRegistry registry;

    @Test
    void shouldNeverForwardALifecycleEventSentByTheDevice() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> events = KafkaTap.collect("device.events", deviceId);
        double reservedBefore = reserved();
        try (WsClient ws = WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")), Tokens.of("device", deviceId))) {
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"connected\",\"params\":{\"gateway\":\"forged\",\"source\":\"gateway\"}}");
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"disconnected\"}");
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"Connected\"}");
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"connected\"}");
            JsonNode refused = JSON.readTree(ContractSchemas.assertValid("jsonrpc-error.json", ws.next()));
            assertThat(refused.path("id").asInt()).isEqualTo(7);
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(JsonRpcErrors.INVALID_REQUEST);
            assertThat(refused.path("error").path("message").asText()).contains("reserved method");
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":{\"door\":\"closed\"}}");

            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(e -> e.path("method").asText().equals("status")));
            assertThat(reserved() - reservedBefore).as("frames with a reserved method, refused or dropped").isEqualTo(4);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(e -> e.path("method").asText().equals("disconnected")));

        assertThat(events).extracting(e -> e.path("method").asText()).containsExactly("connected", "status", "disconnected");
        events.forEach(e -> ContractSchemas.assertValid("kafka-device-event.json", e.toString()));
        assertThat(events).filteredOn(e -> !e.path("method").asText().equals("status")).allSatisfy(e -> {
            assertThat(fields(e)).isEqualTo(fields(contract("device-event-lifecycle.json")));
            assertThat(e.path("source").asText()).isEqualTo("gateway");
            assertThat(e.path("gateway").asText()).isEqualTo(config.instanceId());
        });
        JsonNode status = events.get(1);
        assertThat(fields(status)).isEqualTo(fields(contract("device-event-notification.json")));
        assertThat(status.path("source").asText()).isEqualTo("device");
        assertThat(status.path("params").path("door").asText()).isEqualTo("closed");
    }

    /** A {@code device.events} example shipped in {@code src/main/resources/contracts/}, valid against its schema. */
    private static JsonNode contract(String name) throws Exception {
        try (InputStream in = LifecycleEventsTest.class.getClassLoader().getResourceAsStream("contracts/" + name)) {
            return JSON.readTree(ContractSchemas.assertValid("kafka-device-event.json", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private double reserved() {
        Counter c = registry.find("switchboard.gateway.frames").tag("kind", "reserved").counter();
        return c == null ? 0 : c.count();
    }
}
