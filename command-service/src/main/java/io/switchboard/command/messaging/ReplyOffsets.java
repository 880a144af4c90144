package io.switchboard.command.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Gives every {@code device.replies} partition a committed offset in the shared group as soon as a
 * replica is assigned it. Offsets are otherwise committed only after a record was processed, so a
 * partition that never carried a report has none; if its holder is then killed, the replica taking it
 * over would start at the end ({@code auto.offset.reset=latest}) and skip the reports written meanwhile.
 */
@ApplicationScoped
@Identifier("device-replies-offsets")
public class ReplyOffsets implements KafkaConsumerRebalanceListener {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), WAIT);
            Map<TopicPartition, OffsetAndMetadata> first = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    first.put(partition, new OffsetAndMetadata(consumer.position(partition, WAIT)));
                }
            }
            if (!first.isEmpty()) {
                consumer.commitSync(first, WAIT);
                Log.infof("device.replies: first offsets committed for the group: %s", first);
            }
        } catch (RuntimeException e) {
            Log.warnf("device.replies: first offsets of %s not committed (a replica taking them over may skip reports): %s",
                    partitions, e.toString());
        }
    }
}
