package io.switchboard.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness (Kafka, Redis, fan-out), Prometheus metrics and the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class OperationsTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldBeReadyWithKafkaRedisAndTheFanoutSubscription() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                        .body("checks.find { it.name == 'redis subscriptions' }.data.'notify fan-out'", equalTo("up"))
                        .body("checks.name", hasItem("Redis connection health check"))
                        .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check")));
    }

    @Test
    void shouldExposeSocketDeliveryLatencyAndSlowConsumerMetrics() {
        String user = Ingest.unique("ivy");
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            b.subscribe("user:" + user);
            String id = Ingest.unique("evt");
            Ingest.post(Ingest.event(id, "user:" + user, "message", Map.of()));
            b.awaitEvent("user:" + user, id);
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("switchboard_notify_sockets"))
                    .body(containsString("switchboard_notify_deliveries_total"))
                    .body(containsString("switchboard_notify_delivery_latency_seconds_count"))
                    .body(containsString("switchboard_notify_slow_consumers_total"))
                    .body(containsString("switchboard_notify_ingest_total{outcome=\"stored\",source=\"http\"}"));
        }
    }

    @Test
    void shouldDescribeTheHttpApiInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/events"))
                .body(containsString("/api/orders/{orderId}/reminders"));
    }
}
