package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.gateway.support.WsClient;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicReader;
import io.switchboard.testsupport.TopicWriter;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A record on device.commands that is not a command goes, as it came, to device.commands.dlq, and the gateway
 * delivers the next good command; over the real broker and Redis.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PoisonCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Vertx vertx;
    @TestHTTPResource("/devices/ws")
    URI uri;

    @Test
    void shouldDeadLetterAnUnreadableCommandAndStillDeliverTheNextOne() throws Exception {
        String commandId = "cmd-" + UUID.randomUUID();
        String deviceId = "dev-poison-" + commandId.substring(4, 12);
        List<String> poison = List.of(
                "{not json at all " + commandId,
                "[\"an array\",\"" + commandId + "\"]",
                "{\"commandId\":{\"nested\":\"" + commandId + "\"},\"deviceId\":\"" + deviceId + "\",\"method\":\"dispense\"}",
                "{\"commandId\":\"" + commandId + "-no-method\",\"deviceId\":\"" + deviceId + "\"}");
        String good = JSON.createObjectNode().put("commandId", commandId).put("deviceId", deviceId).put("method", "dispense")
                .put("deadline", Instant.now().plusSeconds(30).toString()).put("issuedAt", Instant.now().toString())
                .set("params", JSON.createObjectNode()).toString();
        try (WsClient ws = WsClient.connect(vertx, URI.create(uri.toString().replaceFirst("^http", "ws")),
                Tokens.of("device", deviceId));
             TopicReader dlq = new TopicReader("device.commands.dlq");
             TopicWriter kafka = new TopicWriter()) {
            poison.forEach(value -> kafka.send("device.commands", deviceId, value));
            kafka.send("device.commands", deviceId, good);

            assertThat(JSON.readTree(ws.next()).path("id").asText()).isEqualTo(commandId);
            for (String value : poison) {
                assertThat(dlq.awaitDeadLetter(deviceId, value).headers().lastHeader("dead-letter-topic").value())
                        .asString().isEqualTo("device.commands");
            }
        }
    }
}
