package io.switchboard.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.restassured.response.Response;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/orders/{orderId}/reminders: 202 to the shop's channel, 404 unknown, 403 not yours, 429 too soon. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ReminderTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldDeliverACustomersReminderToTheShopThenThrottleTheNextOne() {
        String shop = Ingest.unique("shop");
        String orderId = Ingest.unique("order");
        String customer = Ingest.unique("cust");
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m", Map.of("shop", shop)))) {
            merchant.subscribe("shop:" + shop);
            placeOrder(shop, orderId, customer);

            String eventId = remind(orderId, customer).then().statusCode(202)
                    .body("orderId", equalTo(orderId)).extract().path("eventId");
            merchant.awaitEvent("shop:" + shop, eventId);
            JsonNode reminder = merchant.events("shop:" + shop).stream()
                    .filter(e -> e.get("id").asText().equals(eventId)).findFirst().orElseThrow();
            assertThat(reminder.get("type").asText()).isEqualTo("order.reminder");
            assertThat(reminder.get("data").get("orderId").asText()).isEqualTo(orderId);
            assertThat(reminder.get("data").get("customerId").asText()).isEqualTo(customer);

            Response again = remind(orderId, customer);
            again.then().statusCode(429).contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("reminder_too_soon"));
            int retryAfter = Integer.parseInt(again.getHeader("Retry-After"));
            assertThat(retryAfter >= 1 && retryAfter <= 60).as("Retry-After " + retryAfter).isTrue();
        }
    }

    @Test
    void shouldAnswer404ForAnOrderNobodyPlaced() {
        remind(Ingest.unique("order"), "c1").then().statusCode(404).body("code", equalTo("order_not_found"));
    }

    @Test
    void shouldAnswer403WhenTheOrderIsAnotherCustomers() {
        String orderId = Ingest.unique("order");
        placeOrder(Ingest.unique("shop"), orderId, "owner");
        remind(orderId, "someone-else").then().statusCode(403).body("code", equalTo("not_your_order"));
    }

    @Test
    void shouldRefuseRemindersFromCallersWhoAreNotCustomers() {
        given().auth().oauth2(Tokens.of("merchant", "m", Map.of("shop", "s1")))
                .when().post("/api/orders/o1/reminders").then().statusCode(403);
    }

    private static void placeOrder(String shop, String orderId, String customer) {
        Ingest.post(Ingest.event(Ingest.unique("evt"), "shop:" + shop, "order.placed",
                Map.of("orderId", orderId, "customerId", customer)));
    }

    private static Response remind(String orderId, String customer) {
        return given().auth().oauth2(Tokens.of("customer", customer)).when().post("/api/orders/" + orderId + "/reminders");
    }
}
