package io.switchboard.gateway.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows whether the command consumer has its partitions. Until it has, this gateway would miss
 * commands for the devices it holds, so it refuses device connections and reports not ready.
 * <p>
 * It also remembers how far this gateway read each partition (the record after the last one read, or
 * the position it had when the partition was taken away). The gateway commits nothing (its group
 * is its own, it starts at the latest offset), so after a rebalance (the broker restarted, the group
 * was rebuilt) the consumer would jump to the end and skip the commands written meanwhile; instead it
 * resumes where it left off. A command read again is still written once (deliver-once key) and never
 * after its deadline.
 */
@ApplicationScoped
@Identifier("device-commands-assignment")
@jakarta.enterprise.inject.Default
public class AssignmentTracker implements KafkaConsumerRebalanceListener {
    private static final Duration POSITION_WAIT = Duration.ofSeconds(2);

    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
    private volatile boolean assigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> resumed = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        for (TopicPartition partition : partitions) {
            Long offset = next.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
                resumed.put(partition, offset);
            }
        }
        assigned = !partitions.isEmpty() || assigned;
        Log.infof("command consumer assigned %d partitions%s", partitions.size(),
                resumed.isEmpty() ? "" : ", resuming where it left off: " + resumed);
    }

    /** Remembers the position of partitions this gateway read nothing from yet (those it read from: the record after the last). */
    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            try {
                next.merge(partition, consumer.position(partition, POSITION_WAIT), Math::min);
            } catch (RuntimeException e) {
                Log.debugf("no position for %s on revocation: %s", partition, e.toString());
            }
        }
        Log.debugf("command consumer lost %d partitions", partitions.size());
    }

    /** Records that the command at {@code offset} of the partition was read (called for every record). */
    public void read(String topic, int partition, long offset) {
        next.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
    }

    public boolean assigned() {
        return assigned;
    }
}
