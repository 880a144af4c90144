package io.switchboard.auth.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.Infra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads Kafka {@code auth.qr-events} of the real test broker, from the beginning, with its own group. */
public final class QrEventsTopic implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, List<JsonNode>> byLogin = new HashMap<>();

    public QrEventsTopic() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "qr-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of("auth.qr-events"));
    }

    /** Polls once more and returns the {@code type}s recorded so far for this login, in order. */
    public List<String> typesOf(String loginId) {
        return valuesOf(loginId).stream().map(v -> v.path("type").asText()).toList();
    }

    /** Polls once more and returns the values recorded so far for this login, in order (each valid against contract/schemas). */
    public List<JsonNode> valuesOf(String loginId) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.key() != null && r.key().startsWith("ql_")) {
                byLogin.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Browser.read(r.value()));
            }
        }
        List<JsonNode> values = List.copyOf(byLogin.getOrDefault(loginId, List.of()));
        ContractSchemas.assertValid("kafka-key-login-id.json", TextNode.valueOf(loginId).toString());
        values.forEach(v -> ContractSchemas.assertValid("kafka-qr-event.json", v.toString()));
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
