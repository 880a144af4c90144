package io.switchboard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** An order.placed record on the real Kafka notify.events reaches the merchant of that shop, and no other merchant. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class OrderNotificationTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldDeliverOrderPlacedFromKafkaToTheShopsMerchantOnly() {
        String shop = Ingest.unique("shop");
        String otherShop = Ingest.unique("shop");
        String channel = "shop:" + shop;
        String otherChannel = "shop:" + otherShop;
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m-" + shop, Map.of("shop", shop)));
             Browser other = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m-" + otherShop, Map.of("shop", otherShop)));
             KafkaProducer<String, String> producer = Ingest.producer()) {
            assertEquals(0, merchant.subscribe(channel).get("offset").asLong());
            other.subscribe(otherChannel);

            String orderId = Ingest.unique("order");
            Map<String, Object> placed = Ingest.event(Ingest.unique("evt"), channel, "order.placed",
                    Map.of("orderId", orderId, "customerId", "c1", "total", 12.5));
            Ingest.produce(producer, channel, Ingest.json(placed));
            String marker = Ingest.unique("evt");
            Ingest.produce(producer, otherChannel, Ingest.json(Ingest.event(marker, otherChannel, "order.placed",
                    Map.of("orderId", Ingest.unique("order"), "customerId", "c2"))));

            merchant.awaitEvent(channel, (String) placed.get("id"));
            other.awaitEvent(otherChannel, marker);
            JsonNode event = merchant.events(channel).get(0);
            assertEquals("order.placed", event.get("type").asText());
            assertEquals(orderId, event.get("data").get("orderId").asText());
            assertEquals(1, event.get("offset").asLong());
            assertTrue(Instant.parse(event.get("time").asText()).isBefore(Instant.now().plusSeconds(1)));
            assertEquals(1, merchant.events(channel).size());
            assertTrue(merchant.events(otherChannel).isEmpty(), "the other shop's order must not reach this merchant");
            assertTrue(other.events(channel).isEmpty(), "this shop's order must not reach the other merchant");
        }
    }
}
