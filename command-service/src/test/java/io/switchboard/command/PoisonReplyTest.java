package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.command.support.Devices;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicReader;
import io.switchboard.testsupport.TopicWriter;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A record on device.replies that is not a reply goes, as it came, to device.replies.dlq, and command-service records
 * the next good reply; over the real broker and Redis.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PoisonReplyTest {
    @Inject
    RedisDataSource redis;

    @Test
    void shouldDeadLetterAnUnreadableReplyAndStillRecordTheNextOne() {
        String token = Tokens.of("service", "svc-" + UUID.randomUUID().toString().substring(0, 8));
        String deviceId = Devices.online(redis);
        String location = given().auth().oauth2(token).contentType("application/json").header("Prefer", "respond-async")
                .body("{\"method\":\"dispense\",\"timeoutMs\":30000}").post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(202).extract().header("Location");
        String commandId = location.substring(location.lastIndexOf('/') + 1);
        List<String> poison = List.of(
                "{not json at all " + commandId,
                "\"" + commandId + "\"",
                "{\"kind\":\"ANSWERED\",\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + deviceId + "\"}",
                "{\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + deviceId + "\",\"result\":{\"ok\":false}}");
        String good = "{\"kind\":\"RESULT\",\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + deviceId
                + "\",\"gateway\":\"gw-test\",\"result\":{\"ok\":true},\"time\":\"" + Instant.now() + "\"}";
        // the contract's schema says the same: the good reply is one, the poison is not
        ContractSchemas.assertValid("kafka-device-reply.json", good);
        poison.forEach(value -> ContractSchemas.assertInvalid("kafka-device-reply.json", value));
        try (TopicReader dlq = new TopicReader("device.replies.dlq");
             TopicWriter kafka = new TopicWriter()) {
            poison.forEach(value -> kafka.send("device.replies", deviceId, value));
            kafka.send("device.replies", deviceId, good);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    given().auth().oauth2(token).get(location).then().statusCode(200).extract().path("status").toString())
                    .isEqualTo("succeeded"));
            for (String value : poison) {
                ConsumerRecord<String, String> dead = dlq.awaitDeadLetter(deviceId, value);
                assertThat(dead.headers().lastHeader("dead-letter-topic").value()).asString().isEqualTo("device.replies");
                ContractSchemas.assertValid("kafka-headers-dead-letter.json", headers(dead));
            }
        }
    }

    /** A record's headers as one JSON object of strings, the shape of the contract's header schemas. */
    private static String headers(ConsumerRecord<String, String> record) {
        ObjectNode all = new ObjectMapper().createObjectNode();
        record.headers().forEach(h -> all.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return all.toString();
    }
}
