package io.switchboard.command.support;

import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.testsupport.ContractSchemas;
import io.switchboard.testsupport.Infra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What command-service writes to {@code device.commands}, read by a test from the topic's ends (no group). */
public final class CommandsTopic {
    public static final String TOPIC = "device.commands";

    private CommandsTopic() {
    }

    /** A consumer of every partition of device.commands, from their ends now (positions fixed before anything is sent). */
    public static KafkaConsumer<String, String> fromNow() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infra.KAFKA,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> all = consumer.partitionsFor(TOPIC).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position);
        return consumer;
    }

    public static int partitions(KafkaConsumer<String, String> consumer) {
        return consumer.partitionsFor(TOPIC).size();
    }

    /**
     * The first record whose value contains {@code text} (a command id, a device id), read for up to 20 s; its key and
     * value valid against contract/schemas (so every test that reads what command-service wrote checks the contract),
     * and without a {@code traceparent} header: the tests run with tracing off, the default, where no record may carry one.
     */
    public static ConsumerRecord<String, String> find(KafkaConsumer<String, String> consumer, String text) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value().contains(text)) {
                    ContractSchemas.assertValid("kafka-key-device-id.json", String.valueOf(TextNode.valueOf(r.key())));
                    ContractSchemas.assertValid("kafka-device-command.json", r.value());
                    if (r.headers().lastHeader("traceparent") != null) {
                        throw new AssertionError("tracing is off, yet the record carries a traceparent: " + r);
                    }
                    return r;
                }
            }
        }
        throw new AssertionError("no record with " + text + " on " + TOPIC);
    }
}
