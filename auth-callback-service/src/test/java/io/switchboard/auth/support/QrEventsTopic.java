package io.switchboard.auth.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads Kafka {@code auth.qr-events} of the real test broker, from the beginning, with its own group. */
public final class QrEventsTopic implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public QrEventsTopic() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, io.switchboard.testsupport.Infra.KAFKA);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "qr-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of("auth.qr-events"));
    }

    /** Polls once more and returns the {@code type}s recorded so far for this login, in order. */
    public List<String> typesOf(String loginId) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> loginId.equals(r.key()))
                .map(r -> Browser.read(r.value()).path("type").asText()).toList();
    }

    /** The recorded values for this login. */
    public List<JsonNode> valuesOf(String loginId) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> loginId.equals(r.key())).map(r -> Browser.read(r.value())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
