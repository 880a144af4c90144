package io.switchboard.notify;

import static io.restassured.RestAssured.given;
import static io.switchboard.testsupport.ContractSchemas.validAgainst;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.restassured.http.ContentType;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Contracts;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/events: who may call it, what it refuses, and that the contract examples hold. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class EventApiTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldRefuseCallersWithoutTheServiceRole() {
        Map<String, Object> event = Ingest.event(Ingest.unique("evt"), "user:u1", "message", Map.of());
        given().contentType(ContentType.JSON).body(event).when().post("/api/events").then().statusCode(401);
        given().auth().oauth2(Tokens.of("merchant", "m1", Map.of("shop", "s1"))).contentType(ContentType.JSON).body(event)
                .when().post("/api/events").then().statusCode(403)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("forbidden"))
                .body(validAgainst("problem.json"));
    }

    @Test
    void shouldRejectInvalidEventsWithAProblemDocument() {
        expectInvalid(Map.of("id", "e1", "channel", "user:u1", "data", Map.of()));
        expectInvalid(Ingest.event("e2", "planet:mars", "message", Map.of()));
        expectInvalid(Ingest.event("e3", "user:u1", "Not A Type", Map.of()));
        expectInvalid(Ingest.event("e4", "user:u1", "message", Map.of("blob", "z".repeat(40_000))));
        given().auth().oauth2(Ingest.SERVICE_TOKEN).contentType(ContentType.JSON).body("{broken")
                .when().post("/api/events").then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    @Test
    void shouldDeliverTheContractExampleAsTheContractNotificationShape() {
        ObjectNode example = (ObjectNode) Contracts.read("notify-event.json");
        ContractSchemas.assertValid("kafka-notify-event.json", example.toString());
        String shop = Ingest.unique("shop");
        String channel = "shop:" + shop;
        example.put("id", Ingest.unique("evt")).put("channel", channel);
        JsonNode frameExample = Contracts.read("event-notification.json");
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m", Map.of("shop", shop)))) {
            JsonNode subscribed = merchant.subscribe(channel);
            assertThat(Contracts.fields(subscribed))
                    .isEqualTo(Contracts.fields(Contracts.read("subscribe.json").get("response").get("result")));
            given().auth().oauth2(Ingest.SERVICE_TOKEN).contentType(ContentType.JSON).body(example.toString())
                    .when().post("/api/events").then().statusCode(202).body("offset", equalTo(1));
            merchant.awaitEvent(channel, example.get("id").asText());
            JsonNode params = merchant.events(channel).get(0);
            assertThat(Contracts.fields(params)).isEqualTo(Contracts.fields(frameExample.get("params")));
            assertThat(params.get("data")).isEqualTo(example.get("data"));
        }
    }

    private static void expectInvalid(Object body) {
        String json = Ingest.json(body);
        if (json.length() < 32 * 1024) {
            // the schema refuses it too (the size limit, notify.max-event-bytes, is configuration, not schema)
            ContractSchemas.assertInvalid("kafka-notify-event.json", json);
        }
        given().auth().oauth2(Ingest.SERVICE_TOKEN).contentType(ContentType.JSON).body(body)
                .when().post("/api/events").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("invalid_event")).body(validAgainst("problem.json"));
    }
}
