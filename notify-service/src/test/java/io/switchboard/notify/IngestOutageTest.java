package io.switchboard.notify;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.restassured.http.ContentType;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.notify.support.RedisOutageProfile;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicReader;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis outage seen by ingest: the service reaches Redis through a proxy the test cuts (connection refused)
 * and restores. A valid event on Kafka waits and is stored once Redis is back, never dead-lettered; HTTP and
 * browser publishes are told "unavailable" (503, -32006), never a 500.
 */
@QuarkusTest
@TestProfile(RedisOutageProfile.class)
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class IngestOutageTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @AfterEach
    void restore() {
        RedisOutageProfile.restore();
    }

    @Test
    void shouldStoreAValidKafkaEventOnceRedisIsBackAndNeverDeadLetterIt() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class)
                .endsWith(":" + RedisOutageProfile.port())).as("the service must talk to Redis through the proxy").isTrue();
        String board = Ingest.unique("b");
        String channel = "board:" + board;
        try (Browser staff = Browser.connect(connectors.get(), base, Tokens.of("staff", Ingest.unique("st"), Map.of("boards", List.of(board))));
             TopicReader dlq = new TopicReader("notify.events.dlq");
             KafkaProducer<String, String> producer = Ingest.producer()) {
            staff.subscribe(channel);
            String warmUp = Ingest.unique("evt");
            Ingest.produce(producer, channel, Ingest.json(Ingest.event(warmUp, channel, "todo.updated", Map.of("n", 1))));
            staff.awaitEvent(channel, warmUp);
            String warmUpHttp = Ingest.unique("evt");
            Ingest.post(Ingest.event(warmUpHttp, channel, "todo.updated", Map.of("n", 0)));
            staff.awaitEvent(channel, warmUpHttp);

            RedisOutageProfile.cut();
            String waiting = Ingest.unique("evt");
            Ingest.produce(producer, channel, Ingest.json(Ingest.event(waiting, channel, "todo.updated", Map.of("n", 2))));
            given().auth().oauth2(Ingest.SERVICE_TOKEN).contentType(ContentType.JSON)
                    .body(Ingest.event(Ingest.unique("evt"), channel, "todo.updated", Map.of("n", -1)))
                    .when().post("/api/events").then().statusCode(503)
                    .contentType(startsWith("application/problem+json")).header("Retry-After", equalTo("1"))
                    .body("code", equalTo("store_unavailable"));
            JsonNode published = staff.call("publish", Map.of("channel", channel, "type", "todo.updated", "data", Map.of("n", -2)));
            assertThat(published.get("error").get("code").asInt()).as(published.toString()).isEqualTo(-32006);
            // the old ingest gave up after about 3 s: wait well past that
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                    .until(() -> !dlq.anyMatch(r -> r.value().contains(waiting)) && !staff.eventIds(channel).contains(waiting));

            RedisOutageProfile.restore();
            staff.awaitEvent(channel, waiting);
            String after = Ingest.unique("evt");
            Ingest.post(Ingest.event(after, channel, "todo.updated", Map.of("n", 3)));
            staff.awaitEvent(channel, after);
            assertThat(staff.eventIds(channel)).isEqualTo(List.of(warmUp, warmUpHttp, waiting, after));
            assertThat(staff.offsets(channel)).isEqualTo(List.of(1L, 2L, 3L, 4L));
            assertThat(dlq.anyMatch(r -> r.value().contains(waiting))).as("a valid event is never dead-lettered").isFalse();
            assertThat(staff.closeReason()).isNull();
        }
    }
}
