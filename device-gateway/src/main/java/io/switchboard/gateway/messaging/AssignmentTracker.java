package io.switchboard.gateway.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows whether the command consumer has its partitions. Until it has, this gateway would miss
 * commands for the devices it holds, so it refuses device connections and reports not ready.
 */
@ApplicationScoped
@Identifier("device-commands-assignment")
@jakarta.enterprise.inject.Default
public class AssignmentTracker implements KafkaConsumerRebalanceListener {
    private volatile boolean assigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned = !partitions.isEmpty() || assigned;
        Log.infof("command consumer assigned %d partitions", partitions.size());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Log.debugf("command consumer lost %d partitions", partitions.size());
    }

    public boolean assigned() {
        return assigned;
    }
}
