package io.switchboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.switchboard.notify.support.Browser;
import io.switchboard.notify.support.Ingest;
import io.switchboard.testsupport.InfraResource;
import io.switchboard.testsupport.Tokens;
import io.switchboard.testsupport.TopicReader;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Poison records on notify.events (not JSON, JSON of another shape, missing fields, a bad channel) go to
 * notify.events.dlq as they came, and the partition keeps moving.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class PoisonRecordTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldDeadLetterPoisonRecordsAndStillDeliverTheNextGoodOne() {
        String shop = Ingest.unique("shop");
        String channel = "shop:" + shop;
        String tag = Ingest.unique("poison");
        List<String> poison = List.of(
                "{not json at all " + tag,
                "[\"an array\",\"" + tag + "\"]",
                "{\"id\":[\"" + tag + "-c\"],\"channel\":\"" + channel + "\",\"type\":\"order.placed\",\"data\":{}}",
                "{\"id\":\"" + tag + "-a\",\"channel\":\"" + channel + "\"}",
                "{\"id\":\"" + tag + "-b\",\"channel\":\"galaxy:far-away\",\"type\":\"order.placed\",\"data\":{}}");
        try (Browser merchant = Browser.connect(connectors.get(), base, Tokens.of("merchant", "m", Map.of("shop", shop)));
             TopicReader dlq = new TopicReader("notify.events.dlq");
             KafkaProducer<String, String> producer = Ingest.producer()) {
            merchant.subscribe(channel);
            poison.forEach(value -> Ingest.produce(producer, channel, value));
            String good = Ingest.unique("evt");
            Ingest.produce(producer, channel, Ingest.json(Ingest.event(good, channel, "order.placed", Map.of("orderId", "o1"))));

            merchant.awaitEvent(channel, good);
            assertThat(merchant.eventIds(channel)).isEqualTo(List.of(good));
            for (String value : poison) {
                ConsumerRecord<String, String> dead = dlq.awaitRecord(r -> value.equals(r.value()));
                assertThat(dead.key()).isEqualTo(channel);
                assertThat(dead.headers().lastHeader("dead-letter-reason")).as("the reason travels with the record").isNotNull();
            }
        }
    }
}
