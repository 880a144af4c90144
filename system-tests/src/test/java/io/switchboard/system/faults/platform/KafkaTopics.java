package io.switchboard.system.faults.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fault profile's broker as an upstream system and an auditor see it: produce {@code notify.events}
 * records (key = channel), and read a whole topic from the beginning.
 */
public final class KafkaTopics implements AutoCloseable {
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FaultInfra.KAFKA,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "0",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "6000",
            ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500"));

    /**
     * Produces one event {@code {"id","channel","type","data"}}; completes when the broker acknowledged
     * it (the event is then "accepted"), exceptionally when it did not within 6 s.
     */
    public CompletableFuture<Void> produceEvent(String id, String channel, String type, String dataJson) {
        String value = "{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"type\":\"" + type + "\",\"data\":"
                + dataJson + "}";
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>("notify.events", channel, value), (meta, failure) -> {
                if (failure != null) {
                    acked.completeExceptionally(failure);
                } else {
                    acked.complete(null);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Every record of {@code topic} up to its current end, read by a consumer of its own. */
    public static List<ConsumerRecord<String, String>> readAll(String topic, Duration atMost) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FaultInfra.KAFKA,
                ConsumerConfig.GROUP_ID_CONFIG, "faults-audit-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, atMost).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, atMost);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** The command ids sent on {@code device.commands} to {@code deviceId}, in order. */
    public static List<String> commandIds(String deviceId) {
        return readAll("device.commands", Duration.ofSeconds(20)).stream().filter(r -> deviceId.equals(r.key()))
                .map(r -> Json.read(r.value()).path("commandId").asText()).toList();
    }

    /** An admin client of the fault profile's broker, for {@link #settledAssignment}. */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, FaultInfra.KAFKA,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000"));
    }

    /**
     * The assignment of {@code group} on {@code topic} now, as {@code member -> partitions}, or null unless the group
     * is stable with exactly {@code members} members, each reading at least one partition and all of them together
     * reading every partition (a group between rebalances, or holding a member that left, reads as null).
     */
    public static Map<String, Set<Integer>> settledAssignment(Admin admin, String group, String topic, int members) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            if (d.groupState() != GroupState.STABLE || d.members().size() != members) {
                return null;
            }
            Map<String, Set<Integer>> out = new TreeMap<>();
            Set<Integer> all = new HashSet<>();
            for (MemberDescription m : d.members()) {
                Set<Integer> read = new TreeSet<>();
                m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                        .forEach(tp -> read.add(tp.partition()));
                if (read.isEmpty()) {
                    return null;
                }
                all.addAll(read);
                out.put(m.consumerId(), read);
            }
            return all.size() == partitions ? out : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
