package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.common.jsonrpc.JsonRpcErrors;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Contracts;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.ContractSchemas;
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
            assertThat(answer.get("result").get("id").asText()).isEqualTo(id);

            ConsumerRecord<String, String> record = receipts.awaitRecord(r -> r.value().contains(id));
            JsonNode receipt = Browser.JSON.readTree(ContractSchemas.assertValid("kafka-receipt.json", record.value()));
            assertThat(record.key()).isEqualTo(channel);
            ContractSchemas.assertValid("kafka-key-channel.json", Browser.JSON.writeValueAsString(record.key()));
            assertThat(Contracts.fields(receipt)).isEqualTo(Contracts.fields(Contracts.read("receipt.json")));
            assertThat(receipt.get("channel").asText()).isEqualTo(channel);
            assertThat(receipt.get("userId").asText()).isEqualTo("m-7");
            assertThat(Instant.parse(receipt.get("time").asText()).isBefore(Instant.now().plusSeconds(1))).isTrue();
        }
    }

    @Test
    void shouldRefuseAnAckOnAChannelTheCallerMayNotRead() {
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m-7", Map.of("shop", "s1")))) {
            JsonNode answer = merchant.call("ack", Map.of("channel", "shop:s2", "id", "evt-1"));
            assertThat(answer.get("error").get("code").asInt()).isEqualTo(JsonRpcErrors.FORBIDDEN);
        }
    }
}
