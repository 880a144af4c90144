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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** The same event id, however often it arrives, is stored once and delivered once. */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, restrictToAnnotatedClass = false)
class DeduplicationTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    Instance<BasicWebSocketConnector> connectors;

    @Test
    void shouldDeliverAnEventOnceWhenItsIdIsPostedTwice() {
        String user = Ingest.unique("gil");
        String channel = "user:" + user;
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user))) {
            b.subscribe(channel);
            Map<String, Object> event = Ingest.event(Ingest.unique("evt"), channel, "message", Map.of("text", "once"));
            JsonNode first = Ingest.post(event);
            JsonNode second = Ingest.post(event);
            assertThat(first.get("duplicate").asBoolean()).isFalse();
            assertThat(second.get("duplicate").asBoolean()).isTrue();
            assertThat(second.get("offset")).isEqualTo(first.get("offset"));

            String marker = Ingest.unique("evt");
            Ingest.post(Ingest.event(marker, channel, "message", Map.of("text", "next")));
            b.awaitEvent(channel, marker);
            assertThat(b.eventIds(channel)).isEqualTo(List.of(event.get("id"), marker));
        }
    }

    @Test
    void shouldDeliverAnEventOnceWhenKafkaCarriesItTwice() {
        String user = Ingest.unique("hal");
        String channel = "user:" + user;
        try (Browser b = Browser.connect(connectors.get(), base, Tokens.of("customer", user));
             KafkaProducer<String, String> producer = Ingest.producer()) {
            b.subscribe(channel);
            String id = Ingest.unique("evt");
            String value = Ingest.json(Ingest.event(id, channel, "message", Map.of("text", "redelivered")));
            Ingest.produce(producer, channel, value);
            Ingest.produce(producer, channel, value);
            String marker = Ingest.unique("evt");
            Ingest.produce(producer, channel, Ingest.json(Ingest.event(marker, channel, "message", Map.of("text", "next"))));

            b.awaitEvent(channel, marker);
            assertThat(b.eventIds(channel)).isEqualTo(List.of(id, marker));
            assertThat(b.offsets(channel)).isEqualTo(List.of(1L, 2L));
        }
    }
}
