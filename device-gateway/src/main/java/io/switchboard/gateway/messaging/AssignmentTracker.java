package io.switchboard.gateway.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.switchboard.common.presence.GatewayRoute;
import io.switchboard.gateway.store.RouteStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows which partitions of {@code device.commands} this gateway reads, and keeps them in Redis as its route
 * ({@link RouteStore}): command-service writes a command to a partition of the route of the gateway that holds the
 * device, so each command is read by one gateway instead of all. The gateways share one consumer group with the
 * cooperative-sticky assignor, so a gateway joining or leaving moves only the partitions it must, and a partition's
 * new reader resumes from the offsets committed by the old one (a record read twice is still written once:
 * the deliver-once key).
 * <p>
 * Until it reads at least one partition this gateway could not receive commands for the devices it would hold, so
 * it refuses device connections and reports not ready (keep the partitions at least as many as the gateways).
 */
@ApplicationScoped
@Identifier("device-commands-assignment")
@jakarta.enterprise.inject.Default
public class AssignmentTracker implements KafkaConsumerRebalanceListener {
    /** The route is written on the consumer's polling thread, which waits for it at most this long. */
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(2);
    /** Reading and committing start offsets, on the polling thread. */
    private static final Duration OFFSET_WAIT = Duration.ofSeconds(5);

    private final ConcurrentSkipListSet<Integer> owned = new ConcurrentSkipListSet<>();
    private final RouteStore routes;

    AssignmentTracker(RouteStore routes) {
        this.routes = routes;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        commitStart(consumer, partitions);
        partitions.forEach(p -> owned.add(p.partition()));
        Log.infof("command consumer assigned %s, reads %s", partitions, owned);
        publish();
    }

    /**
     * Commits where this gateway starts reading each assigned partition that has no committed offset yet (a new
     * group, a partition nothing was read from). Else the commits only follow records read, and a partition that
     * moves before its first record would be read by its next owner from "latest": the commands written between
     * the move and that owner's assignment would be skipped.
     */
    private static void commitStart(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), OFFSET_WAIT);
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    start.put(partition, new OffsetAndMetadata(consumer.position(partition, OFFSET_WAIT)));
                }
            }
            if (!start.isEmpty()) {
                consumer.commitSync(start, OFFSET_WAIT);
                Log.infof("committed the start of %s (no offset committed before)", start.keySet());
            }
        } catch (RuntimeException e) { // the next record read commits it anyway; until then a move may skip commands
            Log.warnf("start offsets of %s not committed: %s", partitions, e.toString());
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        lose(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        lose(partitions, "lost");
    }

    private void lose(Collection<TopicPartition> partitions, String how) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(p -> owned.remove(p.partition()));
        Log.infof("command consumer %s %s, reads %s", how, partitions, owned);
        publish();
    }

    /** This gateway's route now. */
    public GatewayRoute route() {
        return new GatewayRoute(new ArrayList<>(owned));
    }

    /** Writes the route now (on assignment changes, and with every presence refresh so it does not expire). */
    public void publish() {
        GatewayRoute route = route();
        try {
            routes.publish(route).await().atMost(PUBLISH_WAIT);
        } catch (RuntimeException e) { // the next presence refresh writes it again
            Log.warnf("route %s not written to Redis: %s", route.format(), e.toString());
        }
    }

    /** True while this gateway reads at least one partition. */
    public boolean assigned() {
        return !owned.isEmpty();
    }
}
