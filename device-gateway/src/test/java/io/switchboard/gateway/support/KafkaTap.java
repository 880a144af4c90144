package io.switchboard.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testsupport.Infra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Collects, in the background, the records of a topic keyed by one device id, from the moment it returns. */
public final class KafkaTap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaTap() {
    }

    public static List<JsonNode> collect(String topic, String key) {
        List<JsonNode> found = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> positioned = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID()), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> all = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(all);
                consumer.seekToEnd(all);
                all.forEach(consumer::position);
                positioned.complete(null);
                long until = System.currentTimeMillis() + 180_000;
                while (System.currentTimeMillis() < until) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (key.equals(r.key())) {
                            try {
                                found.add(JSON.readTree(r.value()));
                            } catch (Exception ignored) {
                                // not JSON: not ours
                            }
                        }
                    });
                }
            } catch (RuntimeException e) {
                positioned.completeExceptionally(e);
            }
        }, "tap-" + topic);
        t.setDaemon(true);
        t.start();
        try {
            positioned.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("consumer of " + topic + " not positioned", e);
        }
        return found;
    }
}
