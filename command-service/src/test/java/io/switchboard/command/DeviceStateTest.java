package io.switchboard.command;

import static io.restassured.RestAssured.given;
import static io.switchboard.testsupport.ContractSchemas.validAgainst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.command.support.Devices;
import io.switchboard.common.presence.PresenceKeys;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicWriter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a machine last said (issue 16, part 3): its status notifications, read from the real Kafka device.events by
 * command-service, kept in the real Redis and answered by GET /api/devices/{id}, while it is connected and after.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeviceStateTest {
    private static final String OPERATOR = Tokens.of("operator", "op-state");

    @Inject
    RedisDataSource redis;

    @Test
    void shouldKeepTheLastReportedStatusWhileConnectedAndAfter() {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        Instant connected = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        try (TopicWriter kafka = new TopicWriter()) {
            send(kafka, lifecycle(deviceId, "connected", connected));
            send(kafka, status(deviceId, "{\"bags\":40,\"door\":\"closed\"}", connected.plusSeconds(10)));
            send(kafka, status(deviceId, "{\"bags\":39,\"door\":\"closed\"}", connected.plusSeconds(20)));
            // the next report within the same millisecond (a machine reporting twice at once) is the newer one
            send(kafka, status(deviceId, "{\"bags\":38,\"door\":\"closed\"}", connected.plusSeconds(20).plusNanos(400_000)));
            // an older report arriving later (another gateway's record around a reconnect, a replay) changes nothing
            send(kafka, status(deviceId, "{\"bags\":41,\"door\":\"open\"}", connected.plusSeconds(5)));
            Devices.markOnline(redis, deviceId);

            JsonPath online = await().atMost(Duration.ofSeconds(20)).until(() -> device(deviceId, 200),
                    d -> d.get("reportedAt") != null && Instant.parse(d.getString("reportedAt")).equals(connected.plusSeconds(20)));
            assertThat(online.getBoolean("connected")).isTrue();
            assertThat(online.getString("gateway")).isEqualTo("gw-test");
            assertThat(online.getInt("reportedStatus.bags")).isEqualTo(38);
            assertThat(Instant.parse(online.getString("reportedAt"))).isEqualTo(connected.plusSeconds(20));

            Instant left = connected.plusSeconds(30);
            redis.key().del(PresenceKeys.device(deviceId));
            send(kafka, lifecycle(deviceId, "disconnected", left));

            JsonPath offline = await().atMost(Duration.ofSeconds(20)).until(() -> device(deviceId, 404),
                    d -> d.get("lastSeen") != null && Instant.parse(d.getString("lastSeen")).equals(left));
            assertThat(offline.getString("code")).isEqualTo("device_offline");
            assertThat(offline.getBoolean("connected")).isFalse();
            assertThat(offline.getString("deviceId")).isEqualTo(deviceId);
            assertThat(offline.getInt("reportedStatus.bags")).isEqualTo(38);
            assertThat(offline.getString("reportedStatus.door")).isEqualTo("closed");
            assertThat(Instant.parse(offline.getString("reportedAt"))).isEqualTo(connected.plusSeconds(20));
        }
    }

    @Test
    void shouldSeeAMachineThatNeverReportedAStatusAndSkipWhatIsNotAnEvent() {
        String deviceId = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        Instant seen = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        try (TopicWriter kafka = new TopicWriter()) {
            kafka.send("device.events", deviceId, "{not an event " + deviceId);
            kafka.send("device.events", deviceId, "{\"deviceId\":\"" + deviceId + "\",\"method\":\"status\"}");
            // another notification than status: the machine was seen, its reported status stays unknown
            send(kafka, "{\"deviceId\":\"" + deviceId + "\",\"method\":\"door\",\"params\":{\"open\":true},\"gateway\":\"gw-test\",\"time\":\""
                    + seen + "\",\"source\":\"device\"}");

            JsonPath offline = await().atMost(Duration.ofSeconds(20)).until(() -> device(deviceId, 404), d -> d.get("lastSeen") != null);
            assertThat(Instant.parse(offline.getString("lastSeen"))).isEqualTo(seen);
            assertThat(offline.getBoolean("connected")).isFalse();
            assertThat(offline.getMap("$")).doesNotContainKeys("reportedStatus", "reportedAt");
        }
    }

    @Test
    void shouldAnswerAnUnknownMachineAsOfflineWithNothingMore() {
        JsonPath unknown = device("dev-never-" + UUID.randomUUID().toString().substring(0, 8), 404);
        assertThat(unknown.getString("code")).isEqualTo("device_offline");
        assertThat(unknown.getMap("$")).doesNotContainKeys("connected", "lastSeen", "reportedStatus");
    }

    private static JsonPath device(String deviceId, int status) {
        var answer = given().auth().oauth2(OPERATOR).get("/api/devices/" + deviceId).then().statusCode(status);
        if (status != 200) {
            answer.contentType("application/problem+json").body(validAgainst("problem.json"));
        }
        return answer.extract().jsonPath();
    }

    private static String lifecycle(String deviceId, String method, Instant time) {
        return "{\"deviceId\":\"" + deviceId + "\",\"method\":\"" + method + "\",\"params\":null,\"gateway\":\"gw-test\",\"time\":\""
                + time + "\",\"source\":\"gateway\"}";
    }

    private static String status(String deviceId, String params, Instant time) {
        return "{\"deviceId\":\"" + deviceId + "\",\"method\":\"status\",\"params\":" + params + ",\"gateway\":\"gw-test\",\"time\":\""
                + time + "\",\"source\":\"device\"}";
    }

    /** Writes a device.events value the contract's schema accepts, as a gateway would. */
    private static void send(TopicWriter kafka, String value) {
        String deviceId = value.substring(value.indexOf("\"deviceId\":\"") + 12).split("\"", 2)[0];
        kafka.send("device.events", deviceId, ContractSchemas.assertValid("kafka-device-event.json", value));
    }
}
