package io.switchboard.command;

import static io.restassured.RestAssured.given;
import io.switchboard.command.support.Devices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicReader;
import io.switchboard.testsupport.TopicWriter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
        try (TopicReader dlq = new TopicReader("device.replies.dlq");
             TopicWriter kafka = new TopicWriter()) {
            poison.forEach(value -> kafka.send("device.replies", deviceId, value));
            kafka.send("device.replies", deviceId, good);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    given().auth().oauth2(token).get(location).then().statusCode(200).extract().path("status").toString())
                    .isEqualTo("succeeded"));
            for (String value : poison) {
                assertThat(dlq.awaitDeadLetter(deviceId, value).headers().lastHeader("dead-letter-topic").value())
                        .asString().isEqualTo("device.replies");
            }
        }
    }
}
