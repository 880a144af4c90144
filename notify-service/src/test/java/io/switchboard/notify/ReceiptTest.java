package io.switchboard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicReader;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code ack} writes a receipt to Kafka notify.receipts, shaped like contracts/receipt.json. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class ReceiptTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldWriteAReceiptToKafkaWhenAMerchantAcksAnEvent() throws Exception {
        String shop = Ingest.unique("shop");
        String channel = "shop:" + shop;
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m-7", Map.of("shop", shop)));
             TopicReader receipts = new TopicReader("notify.receipts")) {
            merchant.subscribe(channel);
            String id = Ingest.unique("evt");
            Ingest.post(Ingest.event(id, channel, "order.placed", Map.of("orderId", "o-9")));
            merchant.awaitEvent(channel, id);

            JsonNode answer = merchant.call("ack", Map.of("channel", channel, "id", id));
            assertEquals(id, answer.get("result").get("id").asText());

            ConsumerRecord<String, String> record = receipts.awaitRecord(r -> r.value().contains(id));
            JsonNode receipt = Browser.JSON.readTree(record.value());
            assertEquals(channel, record.key());
            assertEquals(Contracts.fields(Contracts.read("receipt.json")), Contracts.fields(receipt));
            assertEquals(channel, receipt.get("channel").asText());
            assertEquals("m-7", receipt.get("userId").asText());
            assertTrue(Instant.parse(receipt.get("time").asText()).isBefore(Instant.now().plusSeconds(1)));
        }
    }

    @Test
    void shouldRefuseAnAckOnAChannelTheCallerMayNotRead() {
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m-7", Map.of("shop", "s1")))) {
            JsonNode answer = merchant.call("ack", Map.of("channel", "shop:s2", "id", "evt-1"));
            assertEquals(JsonRpcErrors.FORBIDDEN, answer.get("error").get("code").asInt());
        }
    }
}
