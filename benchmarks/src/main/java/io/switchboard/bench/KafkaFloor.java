package io.switchboard.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker's own floor: one produce-to-consume hop, one message at a time, with the same client
 * settings the services use (acks=all, linger 0, fetch.min.bytes 1). A command round trip crosses two.
 */
final class KafkaFloor {
    private KafkaFloor() {
    }

    static Histogram measure(String bootstrap, int messages) throws Exception {
        String topic = "bench.floor";
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.GROUP_ID_CONFIG, "bench-floor-" + UUID.randomUUID(),
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                     ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100), new StringDeserializer(), new StringDeserializer())) {
            int partition = producer.send(new ProducerRecord<>(topic, "k", "create")).get().partition();
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp)); // no group management: no rebalance can move the position
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            int lost = 0;
            for (int i = 0; i < messages + 200; i++) {
                long sent = System.nanoTime();
                String id = Long.toString(sent);
                producer.send(new ProducerRecord<>(topic, partition, "k", id));
                boolean seen = false;
                long giveUp = sent + TimeUnit.SECONDS.toNanos(5);
                while (!seen && System.nanoTime() < giveUp) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        seen |= r.value().equals(id);
                    }
                }
                if (!seen) {
                    lost++;
                } else if (i >= 200) {
                    h.recordValue(System.nanoTime() - sent);
                }
            }
            if (lost > 0) {
                System.getLogger(KafkaFloor.class.getName()).log(System.Logger.Level.WARNING,
                        "kafka floor: {0} messages not seen within 5 s", lost);
            }
        }
        return h;
    }
}
