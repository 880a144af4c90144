package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
            assertThat(merchant.subscribe(channel).get("offset").asLong()).isEqualTo(0);
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
            assertThat(event.get("type").asText()).isEqualTo("order.placed");
            assertThat(event.get("data").get("orderId").asText()).isEqualTo(orderId);
            assertThat(event.get("offset").asLong()).isEqualTo(1);
            assertThat(Instant.parse(event.get("time").asText()).isBefore(Instant.now().plusSeconds(1))).isTrue();
            assertThat(merchant.events(channel).size()).isEqualTo(1);
            assertThat(merchant.events(otherChannel).isEmpty())
                    .as("the other shop's order must not reach this merchant").isTrue();
            assertThat(other.events(channel).isEmpty()).as("this shop's order must not reach the other merchant").isTrue();
        }
    }
}
